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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

import org.springframework.util.Assert;

/**
 * Rate limits kept in this process: one Resilience4j {@link RateLimiter} per key and
 * limit, in a bounded cache that forgets keys idle for longer than a given time. The
 * limiters are registered nowhere, so that neither a registry nor its metrics grow with
 * the number of callers.
 *
 * @since 0.1.0
 */
public class HipaaGrpcRateLimitLocalBackend implements HipaaGrpcRateLimitBackend {

	private final Cache<String, RateLimiter> limiters;

	/**
	 * Create a backend.
	 * @param maximumSize the largest number of limiters kept
	 * @param expireAfterAccess how long a limiter that is not used is kept; longer than
	 * the longest refresh period, or a caller could reset its budget by pausing
	 */
	public HipaaGrpcRateLimitLocalBackend(long maximumSize, Duration expireAfterAccess) {
		this(maximumSize, expireAfterAccess, Ticker.systemTicker());
	}

	HipaaGrpcRateLimitLocalBackend(long maximumSize, Duration expireAfterAccess, Ticker ticker) {
		Assert.isTrue(maximumSize > 0, "'maximumSize' must be positive");
		Assert.isTrue(!expireAfterAccess.isNegative() && !expireAfterAccess.isZero(),
				"'expireAfterAccess' must be positive");
		this.limiters = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfterAccess(expireAfterAccess)
			.ticker(ticker)
			.build();
	}

	@Override
	public HipaaGrpcRateLimitDecision tryAcquire(String key, HipaaGrpcRateLimit limit) {
		RateLimiter limiter = this.limiters.get(limit.name() + '\u0000' + key,
				(name) -> RateLimiter.of(limit.name(), limit.toRateLimiterConfig()));
		if (limiter.acquirePermission()) {
			return HipaaGrpcRateLimitDecision.grant();
		}
		return HipaaGrpcRateLimitDecision.reject(retryAfter(limiter, limit));
	}

	private static Duration retryAfter(RateLimiter limiter, HipaaGrpcRateLimit limit) {
		if (limiter instanceof AtomicRateLimiter atomic) {
			long nanos = atomic.getDetailedMetrics().getNanosToWait();
			return Duration.ofNanos(Math.max(nanos, 0));
		}
		return limit.refreshPeriod();
	}

	/**
	 * Return the approximate number of limiters kept.
	 * @return the number of limiters
	 */
	public long size() {
		this.limiters.cleanUp();
		return this.limiters.estimatedSize();
	}

}
