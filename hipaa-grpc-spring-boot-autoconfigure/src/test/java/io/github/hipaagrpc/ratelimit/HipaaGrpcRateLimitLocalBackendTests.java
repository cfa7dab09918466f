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
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcRateLimitLocalBackend}.
 */
class HipaaGrpcRateLimitLocalBackendTests {

	private static final HipaaGrpcRateLimit THREE_PER_HOUR = new HipaaGrpcRateLimit("three", 3, Duration.ofHours(1));

	@Test
	void tryAcquireWhenBudgetIsUsedUpRejectsWithTheWaitUntilTheNextPeriod() {
		HipaaGrpcRateLimitLocalBackend backend = new HipaaGrpcRateLimitLocalBackend(100, Duration.ofHours(1));
		for (int i = 0; i < 3; i++) {
			assertThat(backend.tryAcquire("alice", THREE_PER_HOUR).granted()).isTrue();
		}
		HipaaGrpcRateLimitDecision rejected = backend.tryAcquire("alice", THREE_PER_HOUR);
		assertThat(rejected.granted()).isFalse();
		assertThat(rejected.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
	}

	@Test
	void tryAcquireWhenKeysDifferCountsEachKeyOnItsOwn() {
		HipaaGrpcRateLimitLocalBackend backend = new HipaaGrpcRateLimitLocalBackend(100, Duration.ofHours(1));
		for (int i = 0; i < 3; i++) {
			backend.tryAcquire("alice", THREE_PER_HOUR);
		}
		assertThat(backend.tryAcquire("alice", THREE_PER_HOUR).granted()).isFalse();
		assertThat(backend.tryAcquire("bob", THREE_PER_HOUR).granted()).isTrue();
	}

	@Test
	void tryAcquireWhenLimitIsRenamedStartsAFreshBudget() {
		HipaaGrpcRateLimitLocalBackend backend = new HipaaGrpcRateLimitLocalBackend(100, Duration.ofHours(1));
		for (int i = 0; i < 3; i++) {
			backend.tryAcquire("alice", THREE_PER_HOUR);
		}
		HipaaGrpcRateLimit other = new HipaaGrpcRateLimit("other", 1, Duration.ofHours(1));
		assertThat(backend.tryAcquire("alice", other).granted()).isTrue();
	}

	@Test
	void storeWhenManyConsumersPassThroughStaysWithinItsBound() {
		HipaaGrpcRateLimitLocalBackend backend = new HipaaGrpcRateLimitLocalBackend(10_000, Duration.ofHours(1));
		long largest = 0;
		for (int consumer = 0; consumer < 200_000; consumer++) {
			assertThat(backend.tryAcquire("consumer-" + consumer, THREE_PER_HOUR).granted()).isTrue();
			if (consumer % 20_000 == 0) {
				largest = Math.max(largest, backend.size());
			}
		}
		largest = Math.max(largest, backend.size());
		assertThat(largest).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void storeWhenKeyIsIdleLongerThanTheIdleTimeForgetsIt() {
		AtomicLong nanos = new AtomicLong();
		HipaaGrpcRateLimitLocalBackend backend = new HipaaGrpcRateLimitLocalBackend(100, Duration.ofMinutes(10),
				nanos::get);
		backend.tryAcquire("alice", THREE_PER_HOUR);
		backend.tryAcquire("bob", THREE_PER_HOUR);
		nanos.addAndGet(Duration.ofMinutes(9).toNanos());
		assertThat(backend.size()).isEqualTo(2);
		backend.tryAcquire("alice", THREE_PER_HOUR);
		nanos.addAndGet(Duration.ofMinutes(2).toNanos());
		assertThat(backend.size()).isOne();
		nanos.addAndGet(Duration.ofMinutes(9).toNanos());
		assertThat(backend.size()).isZero();
	}

	@Test
	void storeWhenIdleKeyIsForgottenStartsItsBudgetAfresh() {
		AtomicLong nanos = new AtomicLong();
		HipaaGrpcRateLimitLocalBackend backend = new HipaaGrpcRateLimitLocalBackend(100, Duration.ofMinutes(10),
				nanos::get);
		for (int i = 0; i < 3; i++) {
			backend.tryAcquire("alice", THREE_PER_HOUR);
		}
		assertThat(backend.tryAcquire("alice", THREE_PER_HOUR).granted()).isFalse();
		nanos.addAndGet(Duration.ofMinutes(11).toNanos());
		assertThat(backend.size()).isZero();
		assertThat(backend.tryAcquire("alice", THREE_PER_HOUR).granted()).isTrue();
	}

}
