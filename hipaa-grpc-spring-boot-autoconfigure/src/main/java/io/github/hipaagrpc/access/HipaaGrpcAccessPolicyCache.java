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

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;

/**
 * Caches the answers of an access policy for a short time to live, so that a policy
 * change applies to the next call after that time at the latest. A
 * {@link HipaaGrpcAccessPolicyChangedEvent}, or Spring Cloud's
 * {@code EnvironmentChangeEvent} where present, drops every cached answer at once. A time
 * to live of zero disables the cache.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessPolicyCache implements GenericApplicationListener {

	static final String ENVIRONMENT_CHANGE_EVENT = "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

	private final HipaaGrpcAccessPolicy policy;

	private final @Nullable Cache<String, Optional<HipaaGrpcAccessSchedule>> schedules;

	/**
	 * Create a cache.
	 * @param policy the policy whose answers are cached
	 * @param timeToLive how long an answer is kept; zero disables the cache
	 */
	public HipaaGrpcAccessPolicyCache(HipaaGrpcAccessPolicy policy, Duration timeToLive) {
		this(policy, timeToLive, Ticker.systemTicker());
	}

	HipaaGrpcAccessPolicyCache(HipaaGrpcAccessPolicy policy, Duration timeToLive, Ticker ticker) {
		Assert.notNull(policy, "'policy' must not be null");
		Assert.notNull(timeToLive, "'timeToLive' must not be null");
		Assert.isTrue(!timeToLive.isNegative(), "'timeToLive' must not be negative");
		this.policy = policy;
		this.schedules = (!timeToLive.isZero())
				? Caffeine.newBuilder().expireAfterWrite(timeToLive).ticker(ticker).build() : null;
	}

	/**
	 * Return the time-of-access schedule of the given role, from the cache where it holds
	 * a recent answer.
	 * @param role the role name, without the {@code ROLE_} prefix
	 * @return the schedule, or {@code null} when the role is in force at all times
	 */
	public @Nullable HipaaGrpcAccessSchedule schedule(String role) {
		if (this.schedules == null) {
			return this.policy.schedule(role);
		}
		return this.schedules.get(role, (key) -> Optional.ofNullable(this.policy.schedule(key))).orElse(null);
	}

	/**
	 * Drop every cached answer, so that the next lookup asks the policy.
	 */
	public void invalidate() {
		if (this.schedules != null) {
			this.schedules.invalidateAll();
		}
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.toClass();
		return HipaaGrpcAccessPolicyChangedEvent.class.isAssignableFrom(type)
				|| ENVIRONMENT_CHANGE_EVENT.equals(type.getName());
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		invalidate();
	}

}
