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

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.hipaagrpc.actuate.GrpcRateLimitStoreHealthIndicator;
import io.github.hipaagrpc.autoconfigure.actuate.HipaaGrpcActuateAutoConfiguration;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimit;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitAddressInterceptor;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitBackend;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitConsumerInterceptor;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitDecision;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitListener;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitLocalBackend;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitMetrics;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitPoint;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitRedisBackend;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcRateLimitAutoConfiguration}.
 */
class HipaaGrpcRateLimitAutoConfigurationTests {

	private static final String HASH_KEY = "hipaa.grpc.rate-limit.shared.hash-key=a-secret-of-at-least-32-characters!";

	private static final String[] SHORT_IDLE_TIME = { "hipaa.grpc.rate-limit.store.expire-after-access=50ms",
			"hipaa.grpc.rate-limit.address.limit=unlimited",
			"hipaa.grpc.rate-limit.address.unauthenticated-limit=unlimited",
			"resilience4j.ratelimiter.configs.brief.limit-for-period=5",
			"resilience4j.ratelimiter.configs.brief.limit-refresh-period=10ms",
			"resilience4j.ratelimiter.configs.hourly.limit-for-period=5",
			"resilience4j.ratelimiter.configs.hourly.limit-refresh-period=1h" };

	private static final HipaaGrpcRateLimit BRIEF = new HipaaGrpcRateLimit("brief", 5, Duration.ofMillis(10));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RateLimiterAutoConfiguration.class, HipaaGrpcRateLimitAutoConfiguration.class));

	private final ApplicationContextRunner sharedContextRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withPropertyValues("hipaa.grpc.rate-limit.shared.enabled=true", "spring.data.redis.port=1");

	@Test
	void rateLimitsWhenNothingIsConfiguredRegisterBothPointsWithTheLocalStore() {
		this.contextRunner
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcRateLimitAddressInterceptor.class)
				.hasSingleBean(HipaaGrpcRateLimitConsumerInterceptor.class)
				.getBean(HipaaGrpcRateLimitBackend.class)
				.isInstanceOf(HipaaGrpcRateLimitLocalBackend.class));
	}

	@Test
	void rateLimitsWhenDisabledBackOff() {
		this.contextRunner.withPropertyValues("hipaa.grpc.rate-limit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcRateLimitAddressInterceptor.class)
				.doesNotHaveBean(HipaaGrpcRateLimitConsumerInterceptor.class)
				.doesNotHaveBean(HipaaGrpcRateLimitBackend.class));
	}

	@Test
	void rateLimitsWhenResilience4jIsMissingBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RateLimiter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcRateLimitAddressInterceptor.class)
				.doesNotHaveBean(HipaaGrpcRateLimitConsumerInterceptor.class));
	}

	@Test
	void rateLimitsWhenMeterRegistryExistsCountDecisions() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcRateLimitMetrics.class);
			HipaaGrpcRateLimitListener listener = context.getBean(HipaaGrpcRateLimitListener.class);
			listener.onDecision(HipaaGrpcRateLimitPoint.ADDRESS, "a.B/C", false);
			listener.onDecision(HipaaGrpcRateLimitPoint.ADDRESS, "a.B/C", false);
			SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
			assertThat(registry.get(HipaaGrpcRateLimitMetrics.DECISIONS)
				.tags("method", "a.B/C", "point", "address", "outcome", "rejected")
				.counter()
				.count()).isEqualTo(2);
		});
	}

	@Test
	void rateLimitsWhenNoMeterRegistryCountNothing() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcRateLimitMetrics.class)
			.getBean(HipaaGrpcRateLimitListener.class)
			.isSameAs(HipaaGrpcRateLimitListener.NONE));
	}

	@Test
	void storeWhenIdleTimeIsShorterThanEveryRefreshPeriodForgetsIdleLimiters() {
		this.contextRunner.withPropertyValues(SHORT_IDLE_TIME)
			.withPropertyValues("hipaa.grpc.rate-limit.consumer.default-limit=brief")
			.run((context) -> {
				HipaaGrpcRateLimitLocalBackend backend = context.getBean(HipaaGrpcRateLimitLocalBackend.class);
				backend.tryAcquire("alice", BRIEF);
				assertThat(backend.size()).isOne();
				await().atMost(Duration.ofSeconds(10)).until(() -> backend.size() == 0);
			});
	}

	@Test
	void storeWhenARefreshPeriodIsLongerThanTheIdleTimeKeepsLimitersForThatPeriod() {
		this.contextRunner.withPropertyValues(SHORT_IDLE_TIME)
			.withPropertyValues("hipaa.grpc.rate-limit.consumer.default-limit=brief",
					"hipaa.grpc.rate-limit.consumer.methods[a.B/C]=hourly")
			.run((context) -> {
				HipaaGrpcRateLimitLocalBackend backend = context.getBean(HipaaGrpcRateLimitLocalBackend.class);
				backend.tryAcquire("alice", BRIEF);
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> backend.size() == 1);
			});
	}

	@Test
	void backendWhenUserDefinesOneUsesIt() {
		HipaaGrpcRateLimitBackend own = (key, limit) -> HipaaGrpcRateLimitDecision.grant();
		this.contextRunner.withBean("ownBackend", HipaaGrpcRateLimitBackend.class, () -> own)
			.run((context) -> assertThat(context).getBean(HipaaGrpcRateLimitBackend.class).isSameAs(own));
	}

	@Test
	void backendWhenUserDefinesOneAndSharedIsEnabledUsesIt() {
		HipaaGrpcRateLimitBackend own = (key, limit) -> HipaaGrpcRateLimitDecision.grant();
		this.sharedContextRunner.withBean("ownBackend", HipaaGrpcRateLimitBackend.class, () -> own)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HipaaGrpcRateLimitRedisBackend.class)
				.getBean(HipaaGrpcRateLimitBackend.class)
				.isSameAs(own));
	}

	@Test
	void limitWhenNamedConfigurationIsMissingFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.rate-limit.consumer.default-limit=nonexistent")
			.run(failsNaming("hipaa.grpc.rate-limit.consumer.default-limit"));
	}

	@Test
	void limitWhenMethodNamesMissingConfigurationFailsNamingTheEntry() {
		this.contextRunner.withPropertyValues("hipaa.grpc.rate-limit.consumer.methods[a.B/C]=nonexistent")
			.run(failsNaming("hipaa.grpc.rate-limit.consumer.methods[a.B/C]"));
	}

	@Test
	void trustedProxyWhenHostNameFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.rate-limit.address.trusted-proxies=proxy.example.org")
			.run(failsNaming("hipaa.grpc.rate-limit.address.trusted-proxies"));
	}

	@Test
	void storeWhenMaximumSizeIsZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.rate-limit.store.maximum-size=0")
			.run(failsNaming("hipaa.grpc.rate-limit.store.maximum-size"));
	}

	@Test
	void sharedWhenRedisIsConfiguredCountsInRedisWithHealthAndGauge() {
		this.sharedContextRunner.withPropertyValues(HASH_KEY)
			.withConfiguration(AutoConfigurations.of(HipaaGrpcActuateAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcRateLimitRedisBackend.class)
					.hasSingleBean(GrpcRateLimitStoreHealthIndicator.class)
					.hasSingleBean(HipaaGrpcRateLimitBackend.class);
				SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
				context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
				assertThat(registry.get("hipaa.grpc.rate-limit.shared").gauge().value()).isZero();
				assertThat(context.getBean(GrpcRateLimitStoreHealthIndicator.class).health().getDetails())
					.containsEntry("store", "redis")
					.containsKey("counting");
			});
	}

	@Test
	void sharedHealthWhenDisabledBacksOff() {
		this.sharedContextRunner.withPropertyValues(HASH_KEY, "management.health.grpcratelimitstore.enabled=false")
			.withConfiguration(AutoConfigurations.of(HipaaGrpcActuateAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcRateLimitRedisBackend.class)
				.doesNotHaveBean(GrpcRateLimitStoreHealthIndicator.class));
	}

	@Test
	void sharedWhenHashKeyIsMissingFailsNamingTheProperty() {
		this.sharedContextRunner.run(failsNaming("hipaa.grpc.rate-limit.shared.hash-key"));
	}

	@Test
	void sharedWhenHashKeyIsShortFailsWithoutShowingIt() {
		this.sharedContextRunner.withPropertyValues("hipaa.grpc.rate-limit.shared.hash-key=short-secret-value")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.rate-limit.shared.hash-key")
				.hasMessageNotContaining("short-secret-value"));
	}

	@Test
	void sharedWhenExpectedReplicasIsZeroFailsNamingTheProperty() {
		this.sharedContextRunner.withPropertyValues(HASH_KEY, "hipaa.grpc.rate-limit.shared.expected-replicas=0")
			.run(failsNaming("hipaa.grpc.rate-limit.shared.expected-replicas"));
	}

	@Test
	void sharedWhenTimeoutIsZeroFailsNamingTheProperty() {
		this.sharedContextRunner.withPropertyValues(HASH_KEY, "hipaa.grpc.rate-limit.shared.timeout=0s")
			.run(failsNaming("hipaa.grpc.rate-limit.shared.timeout"));
	}

	@Test
	void sharedWhenBucket4jIsMissingFailsNamingTheSwitch() {
		this.sharedContextRunner.withPropertyValues(HASH_KEY)
			.withClassLoader(new FilteredClassLoader(Bucket4jLettuce.class))
			.run(failsNaming("hipaa.grpc.rate-limit.shared.enabled"));
	}

	@Test
	void sharedWhenNoLettuceConnectionFactoryFailsNamingTheSwitch() {
		this.contextRunner.withPropertyValues(HASH_KEY, "hipaa.grpc.rate-limit.shared.enabled=true")
			.run(failsNaming("hipaa.grpc.rate-limit.shared.enabled"));
	}

	@Test
	void sharedWhenDisabledKeepsTheLocalStoreBesideRedis() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(LettuceConnectionFactory.class)
				.doesNotHaveBean(HipaaGrpcRateLimitRedisBackend.class)
				.getBean(HipaaGrpcRateLimitBackend.class)
				.isInstanceOf(HipaaGrpcRateLimitLocalBackend.class));
	}

	@Test
	void fallbackLimitsWhenNoneConfiguredDivideTheSharedLimitByTheExpectedReplicas() {
		Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallback = SharedRateLimitStoreConfiguration
			.fallbackLimits(Map.of(), 3);
		assertThat(fallback.apply(new HipaaGrpcRateLimit("clinician", 30, Duration.ofSeconds(1))))
			.contains(new HipaaGrpcRateLimit("clinician", 10, Duration.ofSeconds(1)));
		assertThat(fallback.apply(new HipaaGrpcRateLimit("export", 2, Duration.ofMinutes(1))))
			.contains(new HipaaGrpcRateLimit("export", 1, Duration.ofMinutes(1)));
	}

	@Test
	void fallbackLimitsWhenConfiguredReplaceTheDivision() {
		HipaaGrpcRateLimit local = new HipaaGrpcRateLimit("local-export", 4, Duration.ofMinutes(1));
		Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallback = SharedRateLimitStoreConfiguration
			.fallbackLimits(Map.of("export", Optional.of(local), "batch", Optional.empty()), 3);
		assertThat(fallback.apply(new HipaaGrpcRateLimit("export", 30, Duration.ofMinutes(1)))).contains(local);
		assertThat(fallback.apply(new HipaaGrpcRateLimit("batch", 30, Duration.ofMinutes(1)))).isEmpty();
	}

	@Test
	void fallbackLimitWhenNamedConfigurationIsMissingFailsNamingTheEntry() {
		this.sharedContextRunner.withPropertyValues(HASH_KEY, "hipaa.grpc.rate-limit.shared.fallback-limits[x]=nope")
			.run(failsNaming("hipaa.grpc.rate-limit.shared.fallback-limits[x]"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsNaming(String property) {
		return (context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining(property);
	}

}
