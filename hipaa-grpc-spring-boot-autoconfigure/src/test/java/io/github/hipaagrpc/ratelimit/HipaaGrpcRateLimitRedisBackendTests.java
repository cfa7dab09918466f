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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcRateLimitRedisBackend} against a real Redis server.
 */
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcRateLimitRedisBackendTests {

	private static final byte[] HASH_KEY = "an-hmac-key-of-at-least-32-bytes-for-tests"
		.getBytes(StandardCharsets.UTF_8);

	private static final HipaaGrpcRateLimit TEN_PER_HOUR = new HipaaGrpcRateLimit("ten", 10, Duration.ofHours(1));

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static LocalRedis redis;

	private final List<RedisClient> clients = new ArrayList<>();

	private final List<HipaaGrpcRateLimitRedisBackend> backends = new ArrayList<>();

	@BeforeAll
	static void startRedis() {
		redis = LocalRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@AfterEach
	void stopBackends() {
		this.backends.forEach(HipaaGrpcRateLimitRedisBackend::stop);
		this.clients.forEach(RedisClient::shutdown);
	}

	@Test
	void tryAcquireWhenTwoBackendsShareRedisGrantsOneBudgetBetweenThem() {
		HipaaGrpcRateLimitRedisBackend first = connected(HipaaGrpcRateLimitRedisBackendTests::halved);
		HipaaGrpcRateLimitRedisBackend second = connected(HipaaGrpcRateLimitRedisBackendTests::halved);
		int granted = 0;
		for (int i = 0; i < 30; i++) {
			HipaaGrpcRateLimitRedisBackend backend = (i % 2 == 0) ? first : second;
			if (backend.tryAcquire("alice\u0000Read", TEN_PER_HOUR).granted()) {
				granted++;
			}
		}
		assertThat(granted).isEqualTo(10);
		HipaaGrpcRateLimitDecision refused = first.tryAcquire("alice\u0000Read", TEN_PER_HOUR);
		assertThat(refused.granted()).isFalse();
		assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
		assertThat(second.tryAcquire("bob\u0000Read", TEN_PER_HOUR).granted()).isTrue();
	}

	@Test
	void tryAcquireWhenCountedInRedisStoresNoIdentity() {
		HipaaGrpcRateLimitRedisBackend backend = connected(HipaaGrpcRateLimitRedisBackendTests::halved);
		assertThat(backend.tryAcquire("dr-identifiable\u0000clinical.v1.Records/Read", TEN_PER_HOUR).granted())
			.isTrue();
		List<String> keys = redis.keys();
		assertThat(keys).anySatisfy((key) -> assertThat(key).startsWith("test:ten:10/3600000ms:"));
		assertThat(keys).noneSatisfy((key) -> assertThat(key).containsAnyOf("identifiable", "clinical", "Read"));
	}

	@Test
	void tryAcquireWhenLimitChangesStartsABucketWithTheNewLimitAtOnce() {
		HipaaGrpcRateLimitRedisBackend backend = connected(HipaaGrpcRateLimitRedisBackendTests::halved);
		HipaaGrpcRateLimit two = new HipaaGrpcRateLimit("changing", 2, Duration.ofHours(1));
		HipaaGrpcRateLimit five = new HipaaGrpcRateLimit("changing", 5, Duration.ofHours(1));
		assertThat(backend.tryAcquire("carol", two).granted()).isTrue();
		assertThat(backend.tryAcquire("carol", two).granted()).isTrue();
		assertThat(backend.tryAcquire("carol", two).granted()).isFalse();
		int granted = 0;
		for (int i = 0; i < 8; i++) {
			granted += backend.tryAcquire("carol", five).granted() ? 1 : 0;
		}
		assertThat(granted).isEqualTo(5);
	}

	@Test
	void tryAcquireWhenRedisStopsFallsBackToLocalLimitsAndReturnsWhenRedisDoes(CapturedOutput output) {
		HipaaGrpcRateLimitRedisBackend backend = connected(HipaaGrpcRateLimitRedisBackendTests::halved);
		assertThat(backend.tryAcquire("dave", TEN_PER_HOUR).granted()).isTrue();
		redis.stop();
		try {
			int granted = 0;
			for (int i = 0; i < 12; i++) {
				granted += backend.tryAcquire("dave", TEN_PER_HOUR).granted() ? 1 : 0;
			}
			assertThat(granted).isEqualTo(5);
			assertThat(backend.status().state()).isEqualTo(HipaaGrpcRateLimitRedisBackend.State.FALLBACK);
			assertThat(backend.status().reason()).isNotBlank();
			assertThat(output).contains("The shared rate-limit store does not answer").doesNotContain("dave");
		}
		finally {
			redis.restart();
		}
		await().atMost(WAIT).until(() -> backend.status().state() == HipaaGrpcRateLimitRedisBackend.State.SHARED);
		assertThat(backend.tryAcquire("dave", TEN_PER_HOUR).granted()).isTrue();
		assertThat(redis.keys()).isNotEmpty();
		assertThat(output).contains("Counting consumer rate limits in the shared store again");
	}

	@Test
	void tryAcquireWhenRedisNeverAnsweredCountsLocallyWithoutWaiting() {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", unusedPort()));
		this.clients.add(client);
		HipaaGrpcRateLimitRedisBackend backend = backend(client, HipaaGrpcRateLimitRedisBackendTests::halved);
		backend.start();
		await().atMost(WAIT).until(() -> backend.status().state() == HipaaGrpcRateLimitRedisBackend.State.FALLBACK);
		int granted = 0;
		for (int i = 0; i < 8; i++) {
			granted += backend.tryAcquire("erin", TEN_PER_HOUR).granted() ? 1 : 0;
		}
		assertThat(granted).isEqualTo(5);
	}

	@Test
	void tryAcquireWhenFallbackIsUnlimitedGrantsEveryCallWhileRedisIsAway() {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", unusedPort()));
		this.clients.add(client);
		HipaaGrpcRateLimitRedisBackend backend = backend(client, (limit) -> Optional.empty());
		for (int i = 0; i < 50; i++) {
			assertThat(backend.tryAcquire("frank", TEN_PER_HOUR).granted()).isTrue();
		}
	}

	@Test
	void createWhenHashKeyIsShortFails() {
		RedisClient client = RedisClient.create(redis.uri());
		this.clients.add(client);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcRateLimitRedisBackend(client, "short".getBytes(StandardCharsets.UTF_8),
					settings(), new HipaaGrpcRateLimitLocalBackend(100, Duration.ofHours(1)),
					HipaaGrpcRateLimitRedisBackendTests::halved))
			.withMessage("'hashKey' must have at least 32 bytes");
	}

	private HipaaGrpcRateLimitRedisBackend connected(
			Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimits) {
		RedisClient client = RedisClient.create(redis.uri());
		this.clients.add(client);
		HipaaGrpcRateLimitRedisBackend backend = backend(client, fallbackLimits);
		backend.start();
		await().atMost(WAIT).until(() -> backend.status().state() == HipaaGrpcRateLimitRedisBackend.State.SHARED);
		return backend;
	}

	private HipaaGrpcRateLimitRedisBackend backend(RedisClient client,
			Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimits) {
		HipaaGrpcRateLimitRedisBackend backend = new HipaaGrpcRateLimitRedisBackend(client, HASH_KEY, settings(),
				new HipaaGrpcRateLimitLocalBackend(100, Duration.ofHours(1)), fallbackLimits);
		this.backends.add(backend);
		return backend;
	}

	private static HipaaGrpcRateLimitRedisBackend.Settings settings() {
		return new HipaaGrpcRateLimitRedisBackend.Settings("test:", Duration.ofMillis(500), Duration.ofMillis(200));
	}

	private static Optional<HipaaGrpcRateLimit> halved(HipaaGrpcRateLimit limit) {
		return Optional.of(new HipaaGrpcRateLimit(limit.name(), limit.limitForPeriod() / 2, limit.refreshPeriod()));
	}

	private static int unusedPort() {
		return TestSocketUtils.findAvailableTcpPort();
	}

}
