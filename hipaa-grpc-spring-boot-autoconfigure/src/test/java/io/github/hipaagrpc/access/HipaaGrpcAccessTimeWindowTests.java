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

package io.github.hipaagrpc.access;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcAccessTimeWindow}.
 */
class HipaaGrpcAccessTimeWindowTests {

	// 2026-12-07 is a Monday.
	private static LocalDateTime at(int dayOfMonth, int hour, int minute, int second) {
		return LocalDateTime.of(2026, 12, dayOfMonth, hour, minute, second);
	}

	@Test
	void containsWhenWeekdayWindowIncludesStartAndExcludesEnd() {
		HipaaGrpcAccessTimeWindow window = HipaaGrpcAccessTimeWindow.parse("MON-FRI 07:00-19:00");
		assertThat(window.contains(at(7, 6, 59, 59))).isFalse();
		assertThat(window.contains(at(7, 7, 0, 0))).isTrue();
		assertThat(window.contains(at(11, 18, 59, 59))).isTrue();
		assertThat(window.contains(at(11, 19, 0, 0))).isFalse();
		assertThat(window.contains(at(12, 12, 0, 0))).isFalse();
		assertThat(window.contains(at(13, 12, 0, 0))).isFalse();
	}

	@Test
	void containsWhenWindowRunsOvernightCoversTheFollowingMorning() {
		HipaaGrpcAccessTimeWindow window = HipaaGrpcAccessTimeWindow.parse("MON-FRI 22:00-06:00");
		assertThat(window.contains(at(7, 21, 59, 59))).isFalse();
		assertThat(window.contains(at(7, 22, 0, 0))).isTrue();
		assertThat(window.contains(at(8, 5, 59, 59))).isTrue();
		assertThat(window.contains(at(8, 6, 0, 0))).isFalse();
		assertThat(window.contains(at(12, 5, 0, 0))).isTrue();
		assertThat(window.contains(at(12, 22, 30, 0))).isFalse();
		assertThat(window.contains(at(7, 5, 0, 0))).isFalse();
	}

	@Test
	void containsWhenWindowEndsAtMidnightCoversTheLastMinute() {
		HipaaGrpcAccessTimeWindow window = HipaaGrpcAccessTimeWindow.parse("SAT,SUN 00:00-24:00");
		assertThat(window.contains(at(12, 0, 0, 0))).isTrue();
		assertThat(window.contains(at(13, 23, 59, 59))).isTrue();
		assertThat(window.contains(at(14, 0, 0, 0))).isFalse();
		assertThat(window.contains(at(11, 23, 59, 59))).isFalse();
	}

	@Test
	void containsWhenDayRangeWrapsCoversTheWeekend() {
		HipaaGrpcAccessTimeWindow window = HipaaGrpcAccessTimeWindow.parse("fri-mon 09:00-17:00");
		assertThat(window.contains(at(11, 10, 0, 0))).isTrue();
		assertThat(window.contains(at(12, 10, 0, 0))).isTrue();
		assertThat(window.contains(at(13, 10, 0, 0))).isTrue();
		assertThat(window.contains(at(14, 10, 0, 0))).isTrue();
		assertThat(window.contains(at(8, 10, 0, 0))).isFalse();
		assertThat(window.contains(at(10, 10, 0, 0))).isFalse();
	}

	@Test
	void containsWhenDaysAreListedCoversOnlyThose() {
		HipaaGrpcAccessTimeWindow window = HipaaGrpcAccessTimeWindow.parse("MON,WED-THU 08:30-12:15");
		assertThat(window.contains(at(7, 8, 30, 0))).isTrue();
		assertThat(window.contains(at(8, 9, 0, 0))).isFalse();
		assertThat(window.contains(at(9, 12, 14, 59))).isTrue();
		assertThat(window.contains(at(10, 12, 15, 0))).isFalse();
		assertThat(window.toString()).isEqualTo("MON,WED,THU 08:30-12:15");
	}

	@Test
	void parseWhenSameTextIsEqual() {
		assertThat(HipaaGrpcAccessTimeWindow.parse(" MON-FRI  07:00-19:00 "))
			.isEqualTo(HipaaGrpcAccessTimeWindow.parse("mon,tue,wed,thu,fri 07:00-19:00"))
			.hasSameHashCodeAs(HipaaGrpcAccessTimeWindow.parse("MON-FRI 07:00-19:00"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "MON-FRI", "07:00-19:00", "MON-FRI 7:00-19:00", "MON-FRI 07:00-24:01",
			"MON-FRI 24:00-06:00", "MON-FRI 07:60-19:00", "MON-FRI 07:00-07:00", "MONDAY 07:00-19:00",
			"XYZ 07:00-19:00", "MON-FRI 07:00", "MON-FRI 07:00-19:00 UTC", "MON,,FRI 07:00-19:00",
			"MON-FRI-SAT 07:00-19:00", "MON-FRI 07:00 - 19:00" })
	void parseWhenTextIsMalformedThrows(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> HipaaGrpcAccessTimeWindow.parse(text));
	}

}
