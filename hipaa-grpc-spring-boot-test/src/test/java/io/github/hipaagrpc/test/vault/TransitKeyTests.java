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

import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the key derivation of {@link TransitKey} and the duration handling of
 * {@link VaultDurations}.
 */
class TransitKeyTests {

	@Test
	void hkdfSha256WhenSaltEmptyMatchesRfc5869TestCase3() {
		byte[] inputKey = HexFormat.of().parseHex("0b".repeat(22));
		byte[] derived = TransitKey.hkdfSha256(inputKey, new byte[0], 42);
		assertThat(HexFormat.of().formatHex(derived))
			.isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
	}

	@Test
	void parseWhenGoDurationOrSecondsOrDaysGivenReturnsDuration() {
		assertThat(VaultDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(VaultDurations.parse("3600")).isEqualTo(Duration.ofHours(1));
		assertThat(VaultDurations.parse(45)).isEqualTo(Duration.ofSeconds(45));
		assertThat(VaultDurations.parse("7d")).isEqualTo(Duration.ofDays(7));
		assertThat(VaultDurations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
		assertThatIllegalArgumentException().isThrownBy(() -> VaultDurations.parse("soon"))
			.withMessage("time: invalid duration \"soon\"");
	}

	@Test
	void formatWhenDurationGivenWritesItAsGoDoes() {
		assertThat(VaultDurations.format(Duration.ofDays(30))).isEqualTo("720h0m0s");
		assertThat(VaultDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
		assertThat(VaultDurations.format(Duration.ZERO)).isEqualTo("0s");
		assertThat(VaultDurations.human(Duration.ofHours(1))).isEqualTo("1h");
		assertThat(VaultDurations.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
		assertThat(VaultDurations.human(Duration.ofSeconds(61))).isEqualTo("1m1s");
	}

}
