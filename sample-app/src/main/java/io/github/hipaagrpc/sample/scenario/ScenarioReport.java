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

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The results of a scenario run, laid out as an aligned table.
 *
 * @since 0.1.0
 */
public final class ScenarioReport {

	private static final List<String> HEADERS = List.of("call", "identity", "expected", "actual", "result");

	private static final String SEPARATOR = " | ";

	private final List<ScenarioResult> results;

	ScenarioReport(List<ScenarioResult> results) {
		this.results = List.copyOf(results);
	}

	/**
	 * Return the result of every call, in the order the calls were made.
	 * @return the results
	 */
	public List<ScenarioResult> results() {
		return this.results;
	}

	/**
	 * Return whether every call behaved as expected.
	 * @return whether all results match
	 */
	public boolean allMatched() {
		return this.results.stream().allMatch(ScenarioResult::matches);
	}

	/**
	 * Return the table: a header, a rule, one row per call, then a summary line.
	 * @return the lines of the table
	 */
	public List<String> lines() {
		List<List<String>> rows = this.results.stream().map(this::cells).toList();
		int[] widths = widths(rows);
		List<String> lines = new ArrayList<>();
		lines.add(format(HEADERS, widths));
		lines.add(rule(widths));
		rows.forEach((row) -> lines.add(format(row, widths)));
		lines.add(summary());
		return lines;
	}

	/**
	 * Print the table.
	 * @param out where to print it
	 */
	public void printTo(PrintStream out) {
		lines().forEach(out::println);
		out.flush();
	}

	/**
	 * Return the closing line, telling how many calls behaved as expected.
	 * @return the summary
	 */
	public String summary() {
		long matched = this.results.stream().filter(ScenarioResult::matches).count();
		if (matched == this.results.size()) {
			return "Scenario passed: all %d calls behaved as expected".formatted(matched);
		}
		return "Scenario FAILED: %d of %d calls behaved as expected, %d did not (rows marked MISMATCH)"
			.formatted(matched, this.results.size(), this.results.size() - matched);
	}

	private List<String> cells(ScenarioResult result) {
		return List.of(result.call(), result.identity(), result.expected(), result.actual(),
				result.matches() ? "pass" : "MISMATCH");
	}

	private int[] widths(List<List<String>> rows) {
		int[] widths = new int[HEADERS.size()];
		Stream.concat(Stream.of(HEADERS), rows.stream()).forEach((row) -> {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		});
		return widths;
	}

	private String format(List<String> cells, int[] widths) {
		List<String> padded = new ArrayList<>();
		for (int i = 0; i < widths.length; i++) {
			padded.add(pad(cells.get(i), (i < widths.length - 1) ? widths[i] : 0));
		}
		return String.join(SEPARATOR, padded);
	}

	private String rule(int[] widths) {
		return Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("-+-"));
	}

	private String pad(String cell, int width) {
		return (cell.length() >= width) ? cell : cell + " ".repeat(width - cell.length());
	}

}
