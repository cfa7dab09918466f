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

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VerifiedTokenCache}.
 */
class VerifiedTokenCacheTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMinutes(5), this.clock);

	@Test
	void getWhenTokenWasPutReturnsVerifiedToken() {
		Jwt jwt = jwt("token-a", "rsa-1");
		this.cache.put("token-a", jwt);
		assertThat(this.cache.get("token-a")).isSameAs(jwt);
		assertThat(this.cache.size()).isOne();
	}

	@Test
	void getWhenTokenWasNotPutReturnsNull() {
		this.cache.put("token-a", jwt("token-a", "rsa-1"));
		assertThat(this.cache.get("token-b")).isNull();
		assertThat(this.cache.get("token-a ")).isNull();
		assertThat(this.cache.get("")).isNull();
	}

	@Test
	void putWhenTokensDifferKeepsOneEntryEach() {
		Jwt first = jwt("token-a", "rsa-1");
		Jwt second = jwt("token-b", "rsa-1");
		this.cache.put("token-a", first);
		this.cache.put("token-b", second);
		assertThat(this.cache.size()).isEqualTo(2);
		assertThat(this.cache.get("token-a")).isSameAs(first);
		assertThat(this.cache.get("token-b")).isSameAs(second);
	}

	@Test
	void getWhenTokenExpiredReturnsNullAndEvictsIt() {
		Jwt jwt = jwt("token-a", "rsa-1");
		this.cache.put("token-a", jwt);
		this.clock.advance(Duration.between(NOW, jwt.getExpiresAt()));
		assertThat(this.cache.get("token-a")).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void getWhenTokenJustBeforeExpiryReturnsVerifiedToken() {
		Jwt jwt = jwt("token-a", "rsa-1");
		this.cache.put("token-a", jwt);
		this.clock.advance(Duration.between(NOW, jwt.getExpiresAt()).minusMillis(1));
		assertThat(this.cache.get("token-a")).isSameAs(jwt);
	}

	@Test
	void putWhenTokenHasNoExpiryDoesNotCacheIt() {
		Jwt jwt = TestJwts.valid("token-a", NOW).claims((claims) -> claims.remove("exp")).build();
		this.cache.put("token-a", jwt);
		assertThat(this.cache.get("token-a")).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void putWhenTokenAlreadyExpiredDoesNotKeepIt() {
		Jwt jwt = TestJwts.valid("token-a", NOW).expiresAt(NOW.minusSeconds(1)).build();
		this.cache.put("token-a", jwt);
		assertThat(this.cache.get("token-a")).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void getWhenTimeToLivePassedReturnsNull() {
		VerifiedTokenCache cache = new VerifiedTokenCache(100, Duration.ofMillis(50), this.clock);
		cache.put("token-a", jwt("token-a", "rsa-1"));
		await().atMost(Duration.ofSeconds(10)).until(() -> cache.get("token-a") == null);
	}

	@Test
	void evictKeysRemovesOnlyTokensVerifiedWithThoseKeys() {
		Jwt withdrawn = jwt("token-a", "rsa-old");
		Jwt kept = jwt("token-b", "rsa-new");
		Jwt otherWithdrawn = jwt("token-c", "ec-old");
		this.cache.put("token-a", withdrawn);
		this.cache.put("token-b", kept);
		this.cache.put("token-c", otherWithdrawn);
		this.cache.evictKeys(Set.of("rsa-old", "ec-old", "unknown"));
		assertThat(this.cache.get("token-a")).isNull();
		assertThat(this.cache.get("token-c")).isNull();
		assertThat(this.cache.get("token-b")).isSameAs(kept);
		assertThat(this.cache.size()).isOne();
	}

	@Test
	void evictKeysWhenNoKeyMatchesKeepsEveryToken() {
		this.cache.put("token-a", jwt("token-a", "rsa-1"));
		this.cache.put("token-b", jwt("token-b", "rsa-2"));
		this.cache.evictKeys(List.of("rsa-3"));
		assertThat(this.cache.size()).isEqualTo(2);
	}

	@Test
	void clearRemovesEveryToken() {
		this.cache.put("token-a", jwt("token-a", "rsa-1"));
		this.cache.put("token-b", jwt("token-b", "rsa-2"));
		this.cache.clear();
		assertThat(this.cache.size()).isZero();
		assertThat(this.cache.get("token-a")).isNull();
	}

	@Test
	void sizeWhenMoreTokensThanMaximumSizeIsBounded() {
		VerifiedTokenCache cache = new VerifiedTokenCache(3, Duration.ofMinutes(5), this.clock);
		for (int i = 0; i < 50; i++) {
			cache.put("token-" + i, jwt("token-" + i, "rsa-1"));
		}
		assertThat(cache.size()).isBetween(1L, 3L);
	}

	@Test
	void createWhenMaximumSizeNotPositiveThrowsException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new VerifiedTokenCache(0, Duration.ofMinutes(5), this.clock))
			.withMessage("'maximumSize' must be positive");
	}

	@Test
	void createWhenTimeToLiveNotPositiveThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> new VerifiedTokenCache(10, Duration.ZERO, this.clock))
			.withMessage("'timeToLive' must be positive");
	}

	private static Jwt jwt(String token, String keyId) {
		return TestJwts.valid(token, NOW).header("kid", keyId).build();
	}

}
