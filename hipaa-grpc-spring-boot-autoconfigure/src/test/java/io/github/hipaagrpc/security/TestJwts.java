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

package io.github.hipaagrpc.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Decoded tokens and a policy that accepts them, for the security tests.
 */
final class TestJwts {

	static final String ISSUER = "https://issuer.hipaa-grpc.test";

	static final String AUDIENCE = "clinical-records";

	static final String SUBJECT = "patient-4711";

	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	static final Duration MAX_LIFETIME = Duration.ofHours(1);

	private TestJwts() {
	}

	static JwtPolicy policy() {
		return new JwtPolicy(ISSUER, List.of(AUDIENCE), Set.of("RS256", "ES256"), CLOCK_SKEW, MAX_LIFETIME);
	}

	static Jwt.Builder valid(String token, Instant now) {
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.header("kid", "rsa-1")
			.issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.subject(SUBJECT)
			.issuedAt(now.minusSeconds(60))
			.expiresAt(now.plus(Duration.ofMinutes(10)));
	}

}
