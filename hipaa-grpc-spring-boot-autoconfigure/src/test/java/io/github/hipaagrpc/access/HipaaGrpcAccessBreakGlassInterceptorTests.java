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

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcAccessBreakGlassInterceptor}.
 */
class HipaaGrpcAccessBreakGlassInterceptorTests {

	@Test
	void isValidWhenReasonIsPrintableWithinBoundsIsTrue() {
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("Patient arrived unconscious")).isTrue();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("x".repeat(10))).isTrue();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("x".repeat(500))).isTrue();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("  padded reason text  ")).isTrue();
	}

	@Test
	void isValidWhenReasonIsTooShortOrTooLongIsFalse() {
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("")).isFalse();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("x".repeat(9))).isFalse();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("          x         ")).isFalse();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("x".repeat(501))).isFalse();
	}

	@Test
	void isValidWhenReasonHasControlOrNonAsciiCharactersIsFalse() {
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("line one\nline two")).isFalse();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("tab\tseparated reason")).isFalse();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("delete\u007f character")).isFalse();
		assertThat(HipaaGrpcAccessBreakGlassInterceptor.isValid("Notfall auf Station \u00fc")).isFalse();
	}

	@Test
	void settingsWhenRolesAreEmptyAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcAccessBreakGlassInterceptor.Settings(Set.of(), Duration.ofMinutes(5), "r"))
			.withMessage("'roles' must not be empty");
	}

	@Test
	void settingsWhenDurationIsNotPositiveAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcAccessBreakGlassInterceptor.Settings(Set.of("PROVIDER"), Duration.ZERO, "r"))
			.withMessage("'duration' must be positive");
	}

}
