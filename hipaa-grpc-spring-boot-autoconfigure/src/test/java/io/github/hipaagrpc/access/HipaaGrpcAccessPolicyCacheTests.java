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
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcAccessPolicyCache}.
 */
class HipaaGrpcAccessPolicyCacheTests {

	private static final HipaaGrpcAccessSchedule WEEKDAYS = new HipaaGrpcAccessSchedule(
			List.of(HipaaGrpcAccessTimeWindow.parse("MON-FRI 07:00-19:00")), ZoneOffset.UTC);

	private static final HipaaGrpcAccessSchedule NIGHTS = new HipaaGrpcAccessSchedule(
			List.of(HipaaGrpcAccessTimeWindow.parse("MON-SUN 22:00-06:00")), ZoneOffset.UTC);

	private final AtomicLong nanos = new AtomicLong();

	private final ChangingPolicy policy = new ChangingPolicy(WEEKDAYS);

	@Test
	void scheduleWhenWithinTimeToLiveKeepsTheOldAnswer() {
		HipaaGrpcAccessPolicyCache cache = new HipaaGrpcAccessPolicyCache(this.policy, Duration.ofSeconds(30),
				this.nanos::get);
		assertThat(cache.schedule("BILLER")).isEqualTo(WEEKDAYS);
		this.policy.schedule.set(NIGHTS);
		advance(Duration.ofSeconds(29));
		assertThat(cache.schedule("BILLER")).isEqualTo(WEEKDAYS);
		assertThat(this.policy.lookups).hasValue(1);
	}

	@Test
	void scheduleWhenTimeToLiveHasPassedAsksThePolicyAgain() {
		HipaaGrpcAccessPolicyCache cache = new HipaaGrpcAccessPolicyCache(this.policy, Duration.ofSeconds(30),
				this.nanos::get);
		assertThat(cache.schedule("BILLER")).isEqualTo(WEEKDAYS);
		this.policy.schedule.set(NIGHTS);
		advance(Duration.ofSeconds(30));
		assertThat(cache.schedule("BILLER")).isEqualTo(NIGHTS);
		assertThat(this.policy.lookups).hasValue(2);
	}

	@Test
	void scheduleWhenRoleIsAlwaysInForceCachesThatToo() {
		this.policy.schedule.set(null);
		HipaaGrpcAccessPolicyCache cache = new HipaaGrpcAccessPolicyCache(this.policy, Duration.ofSeconds(30),
				this.nanos::get);
		assertThat(cache.schedule("PROVIDER")).isNull();
		assertThat(cache.schedule("PROVIDER")).isNull();
		assertThat(this.policy.lookups).hasValue(1);
	}

	@Test
	void scheduleWhenPolicyChangedEventIsPublishedAsksThePolicyAtOnce() {
		HipaaGrpcAccessPolicyCache cache = new HipaaGrpcAccessPolicyCache(this.policy, Duration.ofHours(1),
				this.nanos::get);
		assertThat(cache.schedule("BILLER")).isEqualTo(WEEKDAYS);
		this.policy.schedule.set(NIGHTS);
		HipaaGrpcAccessPolicyChangedEvent event = new HipaaGrpcAccessPolicyChangedEvent(this.policy);
		assertThat(cache.supportsEventType(ResolvableType.forInstance(event))).isTrue();
		cache.onApplicationEvent(event);
		assertThat(cache.schedule("BILLER")).isEqualTo(NIGHTS);
	}

	@Test
	void supportsEventTypeWhenEventIsUnrelatedIsFalse() {
		HipaaGrpcAccessPolicyCache cache = new HipaaGrpcAccessPolicyCache(this.policy, Duration.ofHours(1));
		ApplicationEvent event = new PayloadApplicationEvent<>(this, "other");
		assertThat(cache.supportsEventType(ResolvableType.forClass(event.getClass()))).isFalse();
	}

	@Test
	void scheduleWhenTimeToLiveIsZeroAsksThePolicyOnEveryLookup() {
		HipaaGrpcAccessPolicyCache cache = new HipaaGrpcAccessPolicyCache(this.policy, Duration.ZERO);
		assertThat(cache.schedule("BILLER")).isEqualTo(WEEKDAYS);
		this.policy.schedule.set(NIGHTS);
		assertThat(cache.schedule("BILLER")).isEqualTo(NIGHTS);
		assertThat(this.policy.lookups).hasValue(2);
	}

	@Test
	void createWhenTimeToLiveIsNegativeThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcAccessPolicyCache(this.policy, Duration.ofSeconds(-1)))
			.withMessageContaining("timeToLive");
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/**
	 * Policy whose answer a test changes.
	 */
	static class ChangingPolicy implements HipaaGrpcAccessPolicy {

		final AtomicReference<@Nullable HipaaGrpcAccessSchedule> schedule;

		final AtomicInteger lookups = new AtomicInteger();

		ChangingPolicy(HipaaGrpcAccessSchedule schedule) {
			this.schedule = new AtomicReference<>(schedule);
		}

		@Override
		public @Nullable HipaaGrpcAccessSchedule schedule(String role) {
			this.lookups.incrementAndGet();
			return this.schedule.get();
		}

	}

}
