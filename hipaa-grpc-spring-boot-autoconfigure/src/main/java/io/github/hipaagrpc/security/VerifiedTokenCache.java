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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * Bounded cache of verified tokens, keyed by a SHA-256 hash of the token text so that the
 * token itself is never kept as a key. An entry never outlives the token's {@code exp}
 * claim, and entries verified with a withdrawn key can be evicted.
 *
 * @since 0.1.0
 */
public class VerifiedTokenCache {

	private final Cache<String, Jwt> cache;

	private final Clock clock;

	/**
	 * Create a new cache.
	 * @param maximumSize the maximum number of entries
	 * @param timeToLive the longest time an entry is kept
	 * @param clock the clock that tells the current time
	 */
	public VerifiedTokenCache(long maximumSize, Duration timeToLive, Clock clock) {
		Assert.isTrue(maximumSize > 0, "'maximumSize' must be positive");
		Assert.isTrue(!timeToLive.isNegative() && !timeToLive.isZero(), "'timeToLive' must be positive");
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(new UntilExpiry(timeToLive, clock))
			.build();
	}

	/**
	 * Return the verified token for the given token text, or {@code null} when it is not
	 * cached or has expired.
	 * @param token the token text
	 * @return the verified token or {@code null}
	 */
	public @Nullable Jwt get(String token) {
		String key = hash(token);
		Jwt jwt = this.cache.getIfPresent(key);
		if (jwt == null) {
			return null;
		}
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null || !this.clock.instant().isBefore(expiresAt)) {
			this.cache.invalidate(key);
			return null;
		}
		return jwt;
	}

	/**
	 * Remember a verified token.
	 * @param token the token text
	 * @param jwt the verified token
	 */
	public void put(String token, Jwt jwt) {
		if (jwt.getExpiresAt() != null) {
			this.cache.put(hash(token), jwt);
		}
	}

	/**
	 * Evict every token whose {@code kid} header names one of the given keys.
	 * @param keyIds the identifiers of withdrawn keys
	 */
	public void evictKeys(Collection<String> keyIds) {
		this.cache.asMap().values().removeIf((jwt) -> keyIds.contains(String.valueOf(jwt.getHeaders().get("kid"))));
	}

	/**
	 * Evict every token.
	 */
	public void clear() {
		this.cache.invalidateAll();
	}

	/**
	 * Return the approximate number of cached tokens.
	 * @return the number of cached tokens
	 */
	public long size() {
		this.cache.cleanUp();
		return this.cache.estimatedSize();
	}

	private static String hash(String token) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Expiry policy that keeps an entry until its token expires or the time to live
	 * passes, whichever comes first.
	 */
	private static final class UntilExpiry implements Expiry<String, Jwt> {

		private final Duration timeToLive;

		private final Clock clock;

		UntilExpiry(Duration timeToLive, Clock clock) {
			this.timeToLive = timeToLive;
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
			Instant expiresAt = jwt.getExpiresAt();
			Duration remaining = (expiresAt != null) ? Duration.between(this.clock.instant(), expiresAt)
					: Duration.ZERO;
			Duration kept = (remaining.compareTo(this.timeToLive) < 0) ? remaining : this.timeToLive;
			return Math.max(0, kept.toNanos());
		}

		@Override
		public long expireAfterUpdate(String key, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}

		@Override
		public long expireAfterRead(String key, Jwt jwt, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
