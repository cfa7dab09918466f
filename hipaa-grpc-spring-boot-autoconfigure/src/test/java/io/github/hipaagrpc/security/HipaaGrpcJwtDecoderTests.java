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
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcJwtDecoder}.
 */
class HipaaGrpcJwtDecoderTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXRpZW50In0.c2lnbmF0dXJl";

	private final MutableClock clock = new MutableClock(NOW);

	private final AtomicInteger delegateCalls = new AtomicInteger();

	@Test
	void decodeWhenTokenRepeatedSkipsDelegate() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).build();
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache(this.clock));
		assertThat(decoder.decode(TOKEN)).isSameAs(jwt);
		assertThat(decoder.decode(TOKEN)).isSameAs(jwt);
		assertThat(decoder.decode(TOKEN)).isSameAs(jwt);
		assertThat(this.delegateCalls).hasValue(1);
	}

	@Test
	void decodeWhenDifferentTokensCallsDelegateForEach() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).build();
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache(this.clock));
		decoder.decode(TOKEN);
		decoder.decode(TOKEN + "x");
		assertThat(this.delegateCalls).hasValue(2);
	}

	@Test
	void decodeWhenNoCacheCallsDelegateEveryTime() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).build();
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), null);
		decoder.decode(TOKEN);
		decoder.decode(TOKEN);
		assertThat(this.delegateCalls).hasValue(2);
	}

	@Test
	void decodeWhenDelegateAcceptsWrongAudienceThrowsBadJwtException() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).audience(List.of("billing")).build();
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache(this.clock));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.withMessage("Invalid bearer token")
			.withNoCause();
	}

	@Test
	void decodeWhenDelegateAcceptsSymmetricAlgorithmThrowsBadJwtException() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).header("alg", "HS256").build();
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache(this.clock));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.withMessage("Invalid bearer token");
	}

	@Test
	void decodeWhenTokenFailsCheckDoesNotCacheIt() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).audience(List.of("billing")).build();
		VerifiedTokenCache cache = cache(this.clock);
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN));
		assertThat(this.delegateCalls).hasValue(2);
		assertThat(cache.size()).isZero();
	}

	@Test
	void decodeWhenDelegateThrowsReplacesExceptionWithoutClaims() {
		String claims = "iss 'https://issuer.hipaa-grpc.test' sub '" + TestJwts.SUBJECT + "'";
		HipaaGrpcJwtDecoder decoder = decoder(throwing(new BadJwtException("Rejected token: " + claims)),
				cache(this.clock));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.withMessage("Invalid bearer token")
			.withNoCause()
			.satisfies((ex) -> assertThat(ex.getSuppressed()).isEmpty());
	}

	@Test
	void decodeWhenDelegateValidationFailsReplacesExceptionWithoutErrors() {
		OAuth2Error error = new OAuth2Error("invalid_token", "Subject '" + TestJwts.SUBJECT + "' is blocked", null);
		JwtValidationException failure = new JwtValidationException("Subject '" + TestJwts.SUBJECT + "'",
				List.of(error));
		HipaaGrpcJwtDecoder decoder = decoder(throwing(failure), cache(this.clock));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.isNotInstanceOf(JwtValidationException.class)
			.withMessage("Invalid bearer token")
			.withNoCause();
	}

	@Test
	void decodeWhenDelegateFailsWithJwtExceptionThrowsBadJwtException() {
		HipaaGrpcJwtDecoder decoder = decoder(throwing(new JwtException("Key source for " + TOKEN)), null);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.withMessage("Invalid bearer token")
			.withNoCause();
	}

	@Test
	void decodeWhenCachedTokenExpiresRejectsIt() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).build();
		VerifiedTokenCache cache = cache(this.clock);
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache);
		assertThat(decoder.decode(TOKEN)).isSameAs(jwt);
		this.clock.advance(Duration.between(NOW, jwt.getExpiresAt()).plus(TestJwts.CLOCK_SKEW).plusSeconds(1));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.withMessage("Invalid bearer token");
		assertThat(cache.size()).isZero();
	}

	@Test
	void decodeWhenCacheStillHoldsExpiredTokenRechecksIt() {
		Jwt jwt = TestJwts.valid(TOKEN, NOW).build();
		VerifiedTokenCache cache = cache(Clock.fixed(NOW, ZoneOffset.UTC));
		HipaaGrpcJwtDecoder decoder = decoder(returning(jwt), cache);
		decoder.decode(TOKEN);
		this.clock.advance(Duration.ofHours(2));
		assertThat(cache.get(TOKEN)).isSameAs(jwt);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(TOKEN))
			.withMessage("Invalid bearer token");
		assertThat(this.delegateCalls).hasValue(1);
	}

	@Test
	void createWhenDelegateIsHipaaGrpcJwtDecoderThrowsException() {
		HipaaGrpcJwtDecoder inner = decoder(returning(TestJwts.valid(TOKEN, NOW).build()), null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcJwtDecoder(inner, TestJwts.policy(), null, this.clock))
			.withMessage("'delegate' must not be a HipaaGrpcJwtDecoder");
	}

	private HipaaGrpcJwtDecoder decoder(JwtDecoder delegate, @Nullable VerifiedTokenCache cache) {
		return new HipaaGrpcJwtDecoder(delegate, TestJwts.policy(), cache, this.clock);
	}

	private static VerifiedTokenCache cache(Clock clock) {
		return new VerifiedTokenCache(100, Duration.ofMinutes(30), clock);
	}

	private JwtDecoder returning(Jwt jwt) {
		return (token) -> {
			this.delegateCalls.incrementAndGet();
			return jwt;
		};
	}

	private JwtDecoder throwing(JwtException failure) {
		return (token) -> {
			this.delegateCalls.incrementAndGet();
			throw failure;
		};
	}

}
