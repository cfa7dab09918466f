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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link ScenarioRunner}, run by the sample at startup as with
 * {@code spring-boot:run}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = "sample.scenario.enabled=true")
class ScenarioRunnerTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int GRPC_PORT = TestSocketUtils.findAvailableTcpPort();

	@Autowired
	private ScenarioRunner runner;

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> HTTP_PORT);
		registry.add("spring.grpc.server.port", () -> GRPC_PORT);
		registry.add("hipaa.grpc.tls.probe.port", () -> "0");
	}

	@Test
	void runWhenApplicationStartsMatchesEveryExpectation() {
		ScenarioReport report = this.runner.report();
		assertThat(report.results()).hasSize(39)
			.allSatisfy((result) -> assertThat(result.actual()).as(result.toString()).isEqualTo(result.expected()));
		assertThat(report.allMatched()).isTrue();
		assertThat(report.summary()).isEqualTo("Scenario passed: all 39 calls behaved as expected");
	}

	@Test
	void runWhenApplicationStartsExportsTrailListingProviderChartRead() {
		ScenarioReport report = this.runner.report();
		assertThat(report.results()).last().satisfies((result) -> {
			assertThat(result.call()).matches("ExportAuditTrail \\(server streaming\\) \\([1-9][0-9]* records\\)");
			assertThat(result.identity()).isEqualTo("auditor-client (AUDITOR), the scenario's time window");
			assertThat(result.actual()).isEqualTo("CHART_READ_FOUND");
		});
	}

	@Test
	void runWhenApplicationStartsBreaksTheGlassOnlyWithAReasonAndListsTheGrant() {
		ScenarioReport report = this.runner.report();
		assertThat(report.results()).filteredOn((result) -> result.call().startsWith("EmergencyAccess/"))
			.extracting(ScenarioResult::identity, ScenarioResult::actual)
			.containsExactly(tuple("er-provider-client (PROVIDER, ETREAT) without a reason", "PERMISSION_DENIED"),
					tuple("er-provider-client (PROVIDER, ETREAT) with a reason", "OK"),
					tuple("auditor-client (AUDITOR), the scenario's time window", "GRANT_FOUND"));
	}

	@Test
	void runWhenEveryCallMatchedExitsWithZero() {
		assertThat(this.runner.getExitCode()).isZero();
	}

	@Test
	void runWhenApplicationStartsCoversEveryRoleAndMethod() {
		ScenarioReport report = this.runner.report();
		for (RecordsCall call : RecordsCall.values()) {
			assertThat(report.results()).filteredOn((result) -> result.call().equals(call.label()))
				.extracting(ScenarioResult::identity)
				.contains("provider-client (PROVIDER)", "pharmacist-client (PHARMACIST)", "biller-client (BILLER)",
						"auditor-client (AUDITOR)");
		}
	}

}
