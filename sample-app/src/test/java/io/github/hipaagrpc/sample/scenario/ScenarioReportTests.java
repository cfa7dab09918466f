/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.hipaagrpc.sample.scenario;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ScenarioReport}.
 */
class ScenarioReportTests {

	private static final ScenarioResult MATCHED = new ScenarioResult("GetChart (unary)", "provider-client (PROVIDER)",
			"OK", "OK");

	private static final ScenarioResult MISMATCHED = new ScenarioResult("SubmitClaims (client streaming)",
			"auditor-client (AUDITOR)", "PERMISSION_DENIED", "OK");

	@Test
	void linesWhenAllMatchedHaveHeaderRuleRowsAndSummary() {
		List<String> lines = new ScenarioReport(List.of(MATCHED)).lines();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).startsWith("call").endsWith("| result");
		assertThat(lines.get(1)).matches("[-+]+");
		assertThat(lines.get(2)).contains("GetChart (unary)", "provider-client (PROVIDER)").endsWith("| pass");
		assertThat(lines.get(3)).isEqualTo("Scenario passed: all 1 calls behaved as expected");
	}

	@Test
	void linesWhenCellsDifferInWidthAreAligned() {
		List<String> lines = new ScenarioReport(List.of(MATCHED, MISMATCHED)).lines();
		List<Integer> columns = separatorPositions(lines.get(0));
		assertThat(lines.subList(2, 4)).allSatisfy((line) -> assertThat(separatorPositions(line)).isEqualTo(columns));
		assertThat(lines.get(1).indexOf('+')).isEqualTo(columns.get(0) + 1);
	}

	@Test
	void summaryWhenCallDidNotMatchReportsFailure() {
		ScenarioReport report = new ScenarioReport(List.of(MATCHED, MISMATCHED));
		assertThat(report.allMatched()).isFalse();
		assertThat(report.lines().get(3)).endsWith("| MISMATCH");
		assertThat(report.summary())
			.isEqualTo("Scenario FAILED: 1 of 2 calls behaved as expected, 1 did not (rows marked MISMATCH)");
	}

	private static List<Integer> separatorPositions(String line) {
		return IntStream.range(0, line.length() - 2).filter((i) -> line.startsWith(" | ", i)).boxed().toList();
	}

}
