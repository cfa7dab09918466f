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

package io.github.hipaagrpc.autoconfigure.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.actuate.GrpcRateLimitStoreHealthIndicator;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.autoconfigure.ratelimit.HipaaGrpcRateLimitIntegrationTests.CallerRecordsService;
import io.github.hipaagrpc.ratelimit.LocalRedis;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the shared rate-limit store: two application instances, each with its own
 * gRPC server over TLS, count one consumer's calls in one real Redis server; while Redis
 * is away each counts under its local fallback limit and keeps serving.
 */
class HipaaGrpcRateLimitSharedStoreIntegrationTests {

	private static final int LIMIT = 40;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final SecuredServerSupport support = new SecuredServerSupport();

	private static LocalRedis redis;

	private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	@BeforeAll
	static void startReplicas() throws IOException {
		redis = LocalRedis.start();
		for (int i = 0; i < 2; i++) {
			replicas.add(startReplica());
		}
		for (ConfigurableApplicationContext replica : replicas) {
			await().atMost(WAIT).until(() -> counting(replica).equals("shared"));
		}
	}

	@AfterAll
	static void stopReplicas() {
		replicas.forEach(ConfigurableApplicationContext::close);
		redis.close();
		support.close();
	}

	private static ConfigurableApplicationContext startReplica() throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		support.registerProperties((name, value) -> properties.put(name, value.get()));
		properties.put("resilience4j.ratelimiter.configs.shared-forty.limit-for-period", LIMIT);
		properties.put("resilience4j.ratelimiter.configs.shared-forty.limit-refresh-period", "1h");
		properties.put("hipaa.grpc.rate-limit.consumer.default-limit", "shared-forty");
		properties.put("hipaa.grpc.rate-limit.address.limit", "unlimited");
		properties.put("hipaa.grpc.rate-limit.shared.enabled", true);
		properties.put("hipaa.grpc.rate-limit.shared.hash-key", "integration-test-secret-of-32-bytes-or-more");
		properties.put("hipaa.grpc.rate-limit.shared.retry-interval", "200ms");
		// A busy test machine can take longer than the default to answer; a call that
		// waits longer would be counted by the fallback and blur the shared count.
		properties.put("hipaa.grpc.rate-limit.shared.timeout", "5s");
		properties.put("hipaa.grpc.rate-limit.shared.expected-replicas", 2);
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", redis.port());
		return new SpringApplicationBuilder(ReplicaConfiguration.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

	@Test
	void callsWhenSpreadOverTwoReplicasUnderLoadAreGrantedNoMoreThanTheOneSharedLimit() throws Exception {
		String token = support.minter().token("dr-shared", "PROVIDER");
		assertThat(load(token, 8, 25)).containsOnly(entry(Status.Code.OK, LIMIT),
				entry(Status.Code.RESOURCE_EXHAUSTED, 8 * 25 - LIMIT));
		assertThat(redis.keys()).isNotEmpty().noneSatisfy((key) -> assertThat(key).contains("dr-shared"));
	}

	@Test
	void callsWhenRedisStopsAreCountedUnderFallbackLimitsAndSharedAgainWhenItReturns() throws Exception {
		String token = support.minter().token("dr-outage", "PROVIDER");
		assertThat(call(replicas.get(0), token)).isEqualTo(Status.Code.OK);
		redis.stop();
		try {
			assertThat(load(token, 4, 20)).containsOnly(entry(Status.Code.OK, 2 * (LIMIT / 2)),
					entry(Status.Code.RESOURCE_EXHAUSTED, 4 * 20 - 2 * (LIMIT / 2)));
			for (ConfigurableApplicationContext replica : replicas) {
				assertThat(counting(replica)).isEqualTo("fallback");
			}
		}
		finally {
			redis.restart();
		}
		for (ConfigurableApplicationContext replica : replicas) {
			await().atMost(WAIT).until(() -> counting(replica).equals("shared"));
		}
		assertThat(load(token, 4, 20)).containsEntry(Status.Code.OK, LIMIT);
	}

	private static Map<Status.Code, Integer> load(String token, int threads, int callsPerThread) throws Exception {
		Map<Status.Code, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				ConfigurableApplicationContext replica = replicas.get(thread % replicas.size());
				futures.add(executor.submit(() -> {
					for (int i = 0; i < callsPerThread; i++) {
						outcomes.computeIfAbsent(call(replica, token), (code) -> new AtomicInteger()).incrementAndGet();
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		Map<Status.Code, Integer> counts = new LinkedHashMap<>();
		outcomes.forEach((code, count) -> counts.put(code, count.get()));
		return counts;
	}

	private static Status.Code call(ConfigurableApplicationContext replica, String token) {
		ManagedChannel channel = support.channel(port(replica));
		try {
			TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(30, TimeUnit.SECONDS)
				.withCallCredentials(SecuredChannels.bearer(token))
				.read(RecordRequest.newBuilder().setId("1").build());
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static int port(ConfigurableApplicationContext replica) {
		return replica.getEnvironment().getRequiredProperty("local.grpc.server.port", Integer.class);
	}

	private static String counting(ConfigurableApplicationContext replica) {
		return String
			.valueOf(replica.getBean(GrpcRateLimitStoreHealthIndicator.class).health().getDetails().get("counting"));
	}

	/**
	 * One replica of the application.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReplicaConfiguration {

		@Bean
		CallerRecordsService callerRecordsService() {
			return new CallerRecordsService();
		}

	}

}
