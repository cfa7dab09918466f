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

package io.github.hipaagrpc.test.vault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations the way Vault does: whole seconds, Go duration strings
 * ({@code 1h30m}) and days ({@code 7d}).
 */
final class VaultDurations {

	private static final Pattern SECONDS = Pattern.compile("\\d+");

	private static final Pattern DAYS = Pattern.compile("(\\d+)d");

	private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

	private VaultDurations() {
	}

	/**
	 * Parse a duration given as seconds, as a Go duration string or as whole days.
	 * @param value the value, a number or a string
	 * @return the duration
	 * @throws IllegalArgumentException if the value is not a duration
	 */
	static Duration parse(Object value) {
		if (value instanceof Number number) {
			return Duration.ofSeconds(number.longValue());
		}
		String text = value.toString().trim();
		if (text.isEmpty()) {
			return Duration.ZERO;
		}
		if (SECONDS.matcher(text).matches()) {
			return Duration.ofSeconds(Long.parseLong(text));
		}
		Matcher days = DAYS.matcher(text);
		if (days.matches()) {
			return Duration.ofDays(Long.parseLong(days.group(1)));
		}
		return parseGoDuration(text);
	}

	private static Duration parseGoDuration(String text) {
		Matcher matcher = GO_DURATION.matcher(text);
		BigDecimal nanos = BigDecimal.ZERO;
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(nanosPerUnit(matcher.group(2))));
			end = matcher.end();
		}
		if (end == 0 || end != text.length()) {
			throw new IllegalArgumentException("time: invalid duration \"%s\"".formatted(text));
		}
		return Duration.ofNanos(nanos.longValue());
	}

	private static BigDecimal nanosPerUnit(String unit) {
		long nanos = switch (unit) {
			case "h" -> 3_600_000_000_000L;
			case "m" -> 60_000_000_000L;
			case "s" -> 1_000_000_000L;
			case "ms" -> 1_000_000L;
			case "ns" -> 1L;
			default -> 1_000L;
		};
		return BigDecimal.valueOf(nanos);
	}

	/**
	 * Format a duration as Go's {@code time.Duration} does, for example {@code 1h0m0s}.
	 * Fractions of a second are dropped.
	 * @param duration the duration
	 * @return the formatted duration
	 */
	static String format(Duration duration) {
		long seconds = duration.toSeconds();
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long rest = seconds % 60;
		if (hours > 0) {
			return hours + "h" + minutes + "m" + rest + "s";
		}
		if (minutes > 0) {
			return minutes + "m" + rest + "s";
		}
		return rest + "s";
	}

	/**
	 * Format a duration as Vault does in TTL warnings, dropping zero minutes and seconds,
	 * for example {@code 1h} or {@code 1h30m}.
	 * @param duration the duration
	 * @return the formatted duration
	 */
	static String human(Duration duration) {
		String formatted = format(duration);
		if (formatted.endsWith("m0s")) {
			formatted = formatted.substring(0, formatted.length() - 2);
		}
		int index = formatted.indexOf("h0m");
		if (index > 0) {
			formatted = formatted.substring(0, index + 1) + formatted.substring(index + 3);
		}
		return formatted;
	}

}
