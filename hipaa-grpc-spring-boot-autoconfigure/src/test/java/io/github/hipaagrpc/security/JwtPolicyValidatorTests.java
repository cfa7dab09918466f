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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtPolicyValidator}.
 */
class JwtPolicyValidatorTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Duration SKEW = TestJwts.CLOCK_SKEW;

	private final JwtPolicyValidator validator = new JwtPolicyValidator(TestJwts.policy(),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void checkWhenTokenPassesEveryCheckReturnsNull() {
		Jwt jwt = valid().build();
		assertThat(this.validator.check(jwt)).isNull();
		assertThat(this.validator.validate(jwt).hasErrors()).isFalse();
	}

	@Test
	void checkWhenAlgorithmIsSymmetricReturnsAlgorithm() {
		assertThat(this.validator.check(valid().header("alg", "HS256").build())).isEqualTo("algorithm");
	}

	@Test
	void checkWhenAlgorithmIsNoneReturnsAlgorithm() {
		assertThat(this.validator.check(valid().header("alg", "none").build())).isEqualTo("algorithm");
	}

	@Test
	void checkWhenAlgorithmIsNotInPolicyReturnsAlgorithm() {
		assertThat(this.validator.check(valid().header("alg", "PS256").build())).isEqualTo("algorithm");
	}

	@Test
	void checkWhenAlgorithmHeaderMissingReturnsAlgorithm() {
		Jwt jwt = valid().headers((headers) -> headers.remove("alg")).build();
		assertThat(this.validator.check(jwt)).isEqualTo("algorithm");
	}

	@Test
	void checkWhenIssuerWrongReturnsIssuer() {
		assertThat(this.validator.check(valid().issuer("https://other.hipaa-grpc.test").build())).isEqualTo("issuer");
	}

	@Test
	void checkWhenIssuerMissingReturnsIssuer() {
		Jwt jwt = valid().claims((claims) -> claims.remove("iss")).build();
		assertThat(this.validator.check(jwt)).isEqualTo("issuer");
	}

	@Test
	void checkWhenAudienceMissingReturnsAudience() {
		Jwt jwt = valid().claims((claims) -> claims.remove("aud")).build();
		assertThat(this.validator.check(jwt)).isEqualTo("audience");
	}

	@Test
	void checkWhenAudienceWrongReturnsAudience() {
		assertThat(this.validator.check(valid().audience(List.of("billing")).build())).isEqualTo("audience");
	}

	@Test
	void checkWhenOneOfSeveralAudiencesMatchesReturnsNull() {
		Jwt jwt = valid().audience(List.of("billing", TestJwts.AUDIENCE)).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void checkWhenExpiryMissingReturnsMissingExpiry() {
		Jwt jwt = valid().claims((claims) -> claims.remove("exp")).build();
		assertThat(this.validator.check(jwt)).isEqualTo("missing-expiry");
	}

	@Test
	void checkWhenExpiredExactlyAtSkewBoundaryReturnsNull() {
		Jwt jwt = valid().expiresAt(NOW.minus(SKEW)).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void checkWhenExpiredBeyondSkewBoundaryReturnsExpired() {
		Jwt jwt = valid().expiresAt(NOW.minus(SKEW).minusSeconds(1)).build();
		assertThat(this.validator.check(jwt)).isEqualTo("expired");
	}

	@Test
	void checkWhenExpiredWithinSkewReturnsNull() {
		Jwt jwt = valid().expiresAt(NOW.minusSeconds(1)).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void checkWhenNotBeforeBeyondSkewReturnsNotYetValid() {
		Jwt jwt = valid().notBefore(NOW.plus(SKEW).plusSeconds(1)).build();
		assertThat(this.validator.check(jwt)).isEqualTo("not-yet-valid");
	}

	@Test
	void checkWhenNotBeforeAtSkewBoundaryReturnsNull() {
		Jwt jwt = valid().notBefore(NOW.plus(SKEW)).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void checkWhenIssuedBeyondSkewInFutureReturnsIssuedInFuture() {
		Instant issuedAt = NOW.plus(SKEW).plusSeconds(1);
		Jwt jwt = valid().issuedAt(issuedAt).expiresAt(issuedAt.plus(Duration.ofMinutes(5))).build();
		assertThat(this.validator.check(jwt)).isEqualTo("issued-in-future");
	}

	@Test
	void checkWhenIssuedAtSkewBoundaryReturnsNull() {
		Instant issuedAt = NOW.plus(SKEW);
		Jwt jwt = valid().issuedAt(issuedAt).expiresAt(issuedAt.plus(Duration.ofMinutes(5))).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void checkWhenLifetimeFromIssuedAtTooLongReturnsLifetime() {
		Instant issuedAt = NOW.minus(Duration.ofMinutes(10));
		Instant expiresAt = issuedAt.plus(TestJwts.MAX_LIFETIME).plus(SKEW).plusSeconds(1);
		Jwt jwt = valid().issuedAt(issuedAt).expiresAt(expiresAt).build();
		assertThat(this.validator.check(jwt)).isEqualTo("lifetime");
	}

	@Test
	void checkWhenLifetimeFromIssuedAtAtLimitReturnsNull() {
		Instant issuedAt = NOW.minus(Duration.ofMinutes(10));
		Instant expiresAt = issuedAt.plus(TestJwts.MAX_LIFETIME).plus(SKEW);
		Jwt jwt = valid().issuedAt(issuedAt).expiresAt(expiresAt).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void checkWhenIssuedAtMissingAndLifetimeFromNowTooLongReturnsLifetime() {
		Instant expiresAt = NOW.plus(TestJwts.MAX_LIFETIME).plus(SKEW).plusSeconds(1);
		Jwt jwt = valid().claims((claims) -> claims.remove("iat")).expiresAt(expiresAt).build();
		assertThat(this.validator.check(jwt)).isEqualTo("lifetime");
	}

	@Test
	void checkWhenIssuedAtMissingAndLifetimeFromNowWithinLimitReturnsNull() {
		Instant expiresAt = NOW.plus(TestJwts.MAX_LIFETIME);
		Jwt jwt = valid().claims((claims) -> claims.remove("iat")).expiresAt(expiresAt).build();
		assertThat(this.validator.check(jwt)).isNull();
	}

	@Test
	void validateWhenTokenFailsReturnsInvalidTokenErrorNamingCheck() {
		OAuth2TokenValidatorResult result = this.validator.validate(valid().audience(List.of("billing")).build());
		assertThat(result.getErrors()).singleElement().satisfies((error) -> {
			assertThat(error.getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_TOKEN);
			assertThat(error.getDescription()).isEqualTo("Token failed check 'audience'");
		});
	}

	@Test
	void validateWhenTokenFailsDescriptionHoldsNoClaimValue() {
		String issuer = "https://rogue.hipaa-grpc.test/patient-4711";
		List<Jwt> failing = List.of(valid().issuer(issuer).build(), valid().audience(List.of("patient-4711")).build(),
				valid().header("alg", "HS256").build(),
				valid().issuedAt(NOW.minus(Duration.ofHours(2))).expiresAt(NOW.minus(Duration.ofHours(1))).build(),
				valid().notBefore(NOW.plus(Duration.ofHours(1))).build());
		for (Jwt jwt : failing) {
			OAuth2TokenValidatorResult result = this.validator.validate(jwt);
			assertThat(result.getErrors()).singleElement()
				.extracting(OAuth2Error::getDescription)
				.asString()
				.startsWith("Token failed check '")
				.doesNotContain(TestJwts.SUBJECT, issuer, TestJwts.ISSUER, TestJwts.AUDIENCE, "HS256",
						jwt.getTokenValue());
			assertThat(result.getErrors()).singleElement().extracting(OAuth2Error::getUri).isNull();
		}
	}

	private static Jwt.Builder valid() {
		return TestJwts.valid("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXRpZW50In0.c2lnbmF0dXJl", NOW);
	}

}
