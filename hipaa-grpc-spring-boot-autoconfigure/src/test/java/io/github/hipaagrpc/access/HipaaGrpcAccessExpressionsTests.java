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

import java.util.concurrent.Callable;

import io.grpc.Context;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcAccessExpressions}.
 */
class HipaaGrpcAccessExpressionsTests {

	private final HipaaGrpcAccessExpressions hipaa = new HipaaGrpcAccessExpressions();

	@Test
	void atFacilityWhenCallerActsForItIsTrue() throws Exception {
		assertThat(within("A", "TREAT", () -> this.hipaa.atFacility("A"))).isTrue();
	}

	@Test
	void atFacilityWhenCallerActsForAnotherIsFalse() throws Exception {
		assertThat(within("A", "TREAT", () -> this.hipaa.atFacility("B"))).isFalse();
	}

	@Test
	void atFacilityWhenArgumentIsNullOrEmptyIsFalse() throws Exception {
		assertThat(within("A", "TREAT", () -> this.hipaa.atFacility(null))).isFalse();
		assertThat(within("", "TREAT", () -> this.hipaa.atFacility(""))).isFalse();
	}

	@Test
	void atFacilityWhenCallerHasNoFacilityIsFalse() throws Exception {
		assertThat(within(null, "TREAT", () -> this.hipaa.atFacility("A"))).isFalse();
	}

	@Test
	void purposeIsWhenOneOfTheCodesMatchesIsTrue() throws Exception {
		assertThat(within("A", "HPAYMT", () -> this.hipaa.purposeIs("TREAT", "HPAYMT"))).isTrue();
	}

	@Test
	void purposeIsWhenNoneMatchesIsFalse() throws Exception {
		assertThat(within("A", "HMARKT", () -> this.hipaa.purposeIs("TREAT", "HPAYMT"))).isFalse();
	}

	@Test
	void purposeIsWhenNoPurposeWasDeclaredIsFalse() throws Exception {
		assertThat(within("A", null, () -> this.hipaa.purposeIs("TREAT"))).isFalse();
	}

	@Test
	void expressionsWhenOutsideCallSeeNoContext() {
		assertThat(this.hipaa.facility()).isNull();
		assertThat(this.hipaa.purposeOfUse()).isNull();
		assertThat(this.hipaa.atFacility("A")).isFalse();
		assertThat(this.hipaa.purposeIs("TREAT")).isFalse();
	}

	@Test
	void expressionsWhenInsideCallReturnTheContext() throws Exception {
		assertThat(within("A", "TREAT", () -> this.hipaa.facility() + "/" + this.hipaa.purposeOfUse()))
			.isEqualTo("A/TREAT");
	}

	private <T> T within(@Nullable String facility, @Nullable String purpose, Callable<T> callable) throws Exception {
		HipaaGrpcAccessContext access = new HipaaGrpcAccessContext(facility, purpose);
		return Context.current().withValue(HipaaGrpcAccessContext.KEY, access).call(callable);
	}

}
