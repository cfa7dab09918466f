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

package io.github.hipaagrpc.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcRateLimitPolicy}.
 */
class HipaaGrpcRateLimitPolicyTests {

	private static final HipaaGrpcRateLimit DEFAULT = new HipaaGrpcRateLimit("default", 20, Duration.ofSeconds(1));

	private static final HipaaGrpcRateLimit STRICT = new HipaaGrpcRateLimit("strict", 2, Duration.ofSeconds(1));

	private static final HipaaGrpcRateLimit GENEROUS = new HipaaGrpcRateLimit("generous", 500, Duration.ofSeconds(1));

	private final HipaaGrpcRateLimitPolicy policy = new HipaaGrpcRateLimitPolicy(DEFAULT,
			Map.of("records.Records/Export", Optional.of(STRICT)), authorities(),
			Map.of("billing-service", Optional.empty()));

	@Test
	void limitWhenNothingMatchesIsTheDefault() {
		assertThat(this.policy.limit("records.Records/Read", "alice", List.of("ROLE_PROVIDER"))).isEqualTo(DEFAULT);
	}

	@Test
	void limitWhenMethodHasOneIsTheMethods() {
		assertThat(this.policy.limit("records.Records/Export", "alice", List.of("ROLE_PROVIDER"))).isEqualTo(STRICT);
	}

	@Test
	void limitWhenAuthorityHasOneOverridesTheMethodsInTheConfiguredOrder() {
		assertThat(this.policy.limit("records.Records/Export", "svc", List.of("ROLE_AUDITOR", "ROLE_SERVICE")))
			.isEqualTo(GENEROUS);
	}

	@Test
	void limitWhenConsumerIsUnlimitedIsNone() {
		assertThat(this.policy.limit("records.Records/Export", "billing-service", List.of("ROLE_SERVICE"))).isNull();
	}

	private static Map<String, Optional<HipaaGrpcRateLimit>> authorities() {
		Map<String, Optional<HipaaGrpcRateLimit>> authorities = new LinkedHashMap<>();
		authorities.put("ROLE_SERVICE", Optional.of(GENEROUS));
		authorities.put("ROLE_AUDITOR", Optional.of(STRICT));
		return authorities;
	}

}
