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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.hipaagrpc.autoconfigure.ratelimit.HipaaGrpcRateLimitAutoConfiguration.RateLimits;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimit;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitBackend;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitRedisBackend;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Consumer limits counted in Redis, shared by every replica, through the Lettuce client
 * of Spring Boot's Redis connection.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Bucket4jLettuce.class, RedisClient.class, LettuceConnectionFactory.class })
@ConditionalOnBooleanProperty(name = "hipaa.grpc.rate-limit.shared.enabled")
@ConditionalOnBean(LettuceConnectionFactory.class)
class SharedRateLimitStoreConfiguration {

	private static final String PREFIX = HipaaGrpcRateLimitAutoConfiguration.PREFIX + "shared.";

	private static final int MINIMUM_HASH_KEY_LENGTH = 32;

	@Bean
	@ConditionalOnMissingBean(HipaaGrpcRateLimitBackend.class)
	HipaaGrpcRateLimitRedisBackend hipaaGrpcRateLimitBackend(HipaaGrpcRateLimitProperties properties, RateLimits limits,
			LettuceConnectionFactory connectionFactory) {
		HipaaGrpcRateLimitProperties.Shared shared = properties.getShared();
		HipaaGrpcRateLimitRedisBackend.Settings settings = new HipaaGrpcRateLimitRedisBackend.Settings(
				shared.getKeyPrefix(), positive("timeout", shared.getTimeout()),
				positive("retry-interval", shared.getRetryInterval()));
		return new HipaaGrpcRateLimitRedisBackend(connectionFactory.getRequiredNativeClient(), hashKey(shared),
				settings, HipaaGrpcRateLimitAutoConfiguration.localBackend(properties, limits),
				fallbackLimits(limits.fallbackLimits(), expectedReplicas(shared)));
	}

	private static byte[] hashKey(HipaaGrpcRateLimitProperties.Shared shared) {
		String hashKey = shared.getHashKey();
		if (hashKey == null || hashKey.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "hash-key", null,
					"Set a secret of at least " + MINIMUM_HASH_KEY_LENGTH
							+ " characters, the same on every replica, so that no identity reaches Redis");
		}
		byte[] key = hashKey.getBytes(StandardCharsets.UTF_8);
		if (key.length < MINIMUM_HASH_KEY_LENGTH) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "hash-key", "(hidden)",
					"The secret must have at least " + MINIMUM_HASH_KEY_LENGTH + " bytes");
		}
		return key;
	}

	private static Duration positive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, duration,
					"The duration must be positive");
		}
		return duration;
	}

	private static int expectedReplicas(HipaaGrpcRateLimitProperties.Shared shared) {
		if (shared.getExpectedReplicas() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "expected-replicas",
					shared.getExpectedReplicas(), "At least one replica is expected");
		}
		return shared.getExpectedReplicas();
	}

	static Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimits(
			Map<String, Optional<HipaaGrpcRateLimit>> configured, int expectedReplicas) {
		return (shared) -> {
			Optional<HipaaGrpcRateLimit> limit = configured.get(shared.name());
			return (limit != null) ? limit : Optional.of(new HipaaGrpcRateLimit(shared.name(),
					Math.max(1, shared.limitForPeriod() / expectedReplicas), shared.refreshPeriod()));
		};
	}

	/**
	 * Gauge of whether calls are counted in the shared store, when Micrometer is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class SharedStoreMetricsConfiguration {

		@Bean
		MeterBinder hipaaGrpcRateLimitSharedStoreMetrics(HipaaGrpcRateLimitBackend backend) {
			return (registry) -> register(registry, backend);
		}

		private static void register(MeterRegistry registry, HipaaGrpcRateLimitBackend backend) {
			if (backend instanceof HipaaGrpcRateLimitRedisBackend shared) {
				Gauge.builder("hipaa.grpc.rate-limit.shared", shared, SharedStoreMetricsConfiguration::counting)
					.description("Whether consumer limits are counted in the shared store (1) or locally (0)")
					.register(registry);
			}
		}

		private static double counting(HipaaGrpcRateLimitRedisBackend backend) {
			return (backend.status().state() == HipaaGrpcRateLimitRedisBackend.State.SHARED) ? 1 : 0;
		}

	}

}
