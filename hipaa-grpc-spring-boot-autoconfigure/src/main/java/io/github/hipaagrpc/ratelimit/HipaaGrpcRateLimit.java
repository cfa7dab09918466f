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

import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import org.springframework.util.Assert;

/**
 * A rate limit: how many calls a key may make per refresh period. Limits are named after
 * the Resilience4j rate-limiter configuration they come from, so that a changed
 * configuration never shares state with the old one.
 *
 * @param name the name of the limit, the Resilience4j configuration's name
 * @param limitForPeriod the number of calls allowed per period, at least one
 * @param refreshPeriod the length of a period, positive
 * @since 0.1.0
 */
public record HipaaGrpcRateLimit(String name, int limitForPeriod, Duration refreshPeriod) {

	/**
	 * Create a limit, checking it.
	 * @param name the name of the limit
	 * @param limitForPeriod the number of calls allowed per period
	 * @param refreshPeriod the length of a period
	 */
	public HipaaGrpcRateLimit {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(limitForPeriod > 0, "'limitForPeriod' must be positive");
		Assert.isTrue(refreshPeriod != null && !refreshPeriod.isNegative() && !refreshPeriod.isZero(),
				"'refreshPeriod' must be positive");
	}

	/**
	 * Create a limit from a Resilience4j rate-limiter configuration. Its timeout is not
	 * used: a call over the limit is refused at once, never kept waiting.
	 * @param name the configuration's name
	 * @param config the configuration
	 * @return the limit
	 */
	public static HipaaGrpcRateLimit of(String name, RateLimiterConfig config) {
		return new HipaaGrpcRateLimit(name, config.getLimitForPeriod(), config.getLimitRefreshPeriod());
	}

	/**
	 * Return a Resilience4j configuration for this limit that never waits for a permit.
	 * @return the configuration
	 */
	public RateLimiterConfig toRateLimiterConfig() {
		return RateLimiterConfig.custom()
			.limitForPeriod(this.limitForPeriod)
			.limitRefreshPeriod(this.refreshPeriod)
			.timeoutDuration(Duration.ZERO)
			.build();
	}

}
