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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcAccessPurposeOfUse}.
 */
class HipaaGrpcAccessPurposeOfUseTests {

	@Test
	void isAcceptedWhenCodeIsOfTheValueSetIsTrue() {
		assertThat(HipaaGrpcAccessPurposeOfUse.CODES)
			.allSatisfy((code) -> assertThat(HipaaGrpcAccessPurposeOfUse.isAccepted(code)).as(code).isTrue());
	}

	@Test
	void codesWhenListedHoldTheCommonPurposes() {
		assertThat(HipaaGrpcAccessPurposeOfUse.CODES).contains("TREAT", "ETREAT", "HPAYMT", "HOPERAT", "HRESCH",
				"PUBHLTH", "HSYSADMIN", "PATRQT", "FAMRQT", "HMARKT", "HLEGAL", "HDIRECT", "COVERAGE", "CAREMGT",
				"RECORDMGT", "BTG");
	}

	@Test
	void isAcceptedWhenCodeIsLowerCaseIsFalse() {
		assertThat(HipaaGrpcAccessPurposeOfUse.isAccepted("treat")).isFalse();
	}

	@Test
	void isAcceptedWhenCodeIsUnknownIsFalse() {
		assertThat(HipaaGrpcAccessPurposeOfUse.isAccepted("CURIOSITY")).isFalse();
		assertThat(HipaaGrpcAccessPurposeOfUse.isAccepted(" TREAT")).isFalse();
		assertThat(HipaaGrpcAccessPurposeOfUse.isAccepted("")).isFalse();
	}

	@Test
	void isAcceptedWhenCodeIsNullIsFalse() {
		assertThat(HipaaGrpcAccessPurposeOfUse.isAccepted(null)).isFalse();
	}

}
