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

import java.time.Instant;
import java.util.Map;

import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitConsumerInterceptor.ConsumerKey;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConsumerKey}.
 */
class HipaaGrpcRateLimitConsumerKeyTests {

	@Test
	void subjectWhenTokenHasAuthorizedPartyIsStillTheSubject() {
		assertThat(ConsumerKey.SUBJECT.of(token(Map.of("sub", "dr-alice", "azp", "charting-app"))))
			.isEqualTo("dr-alice");
	}

	@Test
	void clientIdWhenTokenHasAuthorizedPartyIsTheAuthorizedParty() {
		assertThat(ConsumerKey.CLIENT_ID
			.of(token(Map.of("sub", "dr-alice", "azp", "charting-app", "client_id", "other-app"))))
			.isEqualTo("charting-app");
	}

	@Test
	void clientIdWhenTokenHasOnlyClientIdClaimIsThatClaim() {
		assertThat(ConsumerKey.CLIENT_ID.of(token(Map.of("sub", "dr-alice", "client_id", "billing-batch"))))
			.isEqualTo("billing-batch");
	}

	@Test
	void clientIdWhenTokenNamesNoClientIsTheSubject() {
		assertThat(ConsumerKey.CLIENT_ID.of(token(Map.of("sub", "dr-alice")))).isEqualTo("dr-alice");
	}

	private static Jwt token(Map<String, Object> claims) {
		Instant now = Instant.now();
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.claims((values) -> values.putAll(claims))
			.issuedAt(now)
			.expiresAt(now.plusSeconds(60))
			.build();
	}

}
