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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimit;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitAddressInterceptor;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitBackend;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitConsumerInterceptor;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitListener;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitLocalBackend;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitMetrics;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitPolicy;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.security.util.matcher.InetAddressMatchers;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for rate limits on gRPC calls: per
 * client address before authentication, and per consumer and method after it, with limits
 * named after Resilience4j rate-limiter configurations.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = { "io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass({ BindableService.class, RateLimiter.class, Caffeine.class, GlobalServerInterceptor.class,
		InetAddressMatcher.class })
@ConditionalOnBooleanProperty(name = "hipaa.grpc.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HipaaGrpcRateLimitProperties.class)
@Import(SharedRateLimitStoreConfiguration.class)
public final class HipaaGrpcRateLimitAutoConfiguration {

	static final String PREFIX = "hipaa.grpc.rate-limit.";

	static final String UNLIMITED = "unlimited";

	static final HipaaGrpcRateLimit DEFAULT_ADDRESS_LIMIT = new HipaaGrpcRateLimit("hipaa-grpc-address", 1000,
			Duration.ofSeconds(1));

	static final HipaaGrpcRateLimit DEFAULT_UNAUTHENTICATED_LIMIT = new HipaaGrpcRateLimit("hipaa-grpc-unauthenticated",
			20, Duration.ofMinutes(1));

	static final HipaaGrpcRateLimit DEFAULT_CONSUMER_LIMIT = new HipaaGrpcRateLimit("hipaa-grpc-consumer", 200,
			Duration.ofSeconds(1));

	private static final Pattern CIDR_SUFFIX = Pattern.compile("/\\d{1,3}$");

	HipaaGrpcRateLimitAutoConfiguration() {
	}

	@Bean
	RateLimits hipaaGrpcRateLimits(HipaaGrpcRateLimitProperties properties,
			ObjectProvider<RateLimiterRegistry> registry) {
		return new RateLimits(properties, registry.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(HipaaGrpcRateLimitBackend.class)
	HipaaGrpcRateLimitLocalBackend hipaaGrpcRateLimitBackend(HipaaGrpcRateLimitProperties properties,
			RateLimits limits) {
		if (properties.getShared().isEnabled()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "shared.enabled", true,
					"The shared store needs Bucket4j's Lettuce support (com.bucket4j:bucket4j_jdk17-lettuce) and "
							+ "Spring Boot's Redis support (spring-boot-starter-data-redis) with its Lettuce client");
		}
		return localBackend(properties, limits);
	}

	static HipaaGrpcRateLimitLocalBackend localBackend(HipaaGrpcRateLimitProperties properties, RateLimits limits) {
		HipaaGrpcRateLimitProperties.Store store = properties.getStore();
		if (store.getMaximumSize() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "store.maximum-size", store.getMaximumSize(),
					"The store must hold at least one limiter");
		}
		Duration expiry = store.getExpireAfterAccess();
		if (expiry.isNegative() || expiry.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "store.expire-after-access", expiry,
					"The idle time must be positive");
		}
		Duration longest = limits.longestRefreshPeriod();
		return new HipaaGrpcRateLimitLocalBackend(store.getMaximumSize(),
				(longest.compareTo(expiry) > 0) ? longest : expiry);
	}

	@Bean
	@GlobalServerInterceptor
	HipaaGrpcRateLimitAddressInterceptor hipaaGrpcRateLimitAddressInterceptor(HipaaGrpcRateLimitProperties properties,
			RateLimits limits, ObjectProvider<HipaaGrpcRateLimitListener> listener) {
		List<InetAddressMatcher> trustedProxies = properties.getAddress()
			.getTrustedProxies()
			.stream()
			.map(HipaaGrpcRateLimitAutoConfiguration::trustedProxy)
			.toList();
		return new HipaaGrpcRateLimitAddressInterceptor(localBackend(properties, limits), limits.address(),
				limits.unauthenticated(), trustedProxies,
				listener.getIfAvailable(() -> HipaaGrpcRateLimitListener.NONE));
	}

	private static InetAddressMatcher trustedProxy(String entry) {
		String address = entry.strip();
		try {
			if (address.contains("/") && !CIDR_SUFFIX.matcher(address).find()) {
				throw new IllegalArgumentException("Not a CIDR range");
			}
			return InetAddressMatchers.fromIpAddress(address);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "address.trusted-proxies", entry,
					"Each trusted proxy must be an IP address or a CIDR range such as '10.0.0.0/8', "
							+ "with no host names");
		}
	}

	/**
	 * The limit per consumer, where Spring Security's resource server is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JwtAuthenticationToken.class)
	static class ConsumerLimitConfiguration {

		@Bean
		@GlobalServerInterceptor
		HipaaGrpcRateLimitConsumerInterceptor hipaaGrpcRateLimitConsumerInterceptor(
				HipaaGrpcRateLimitProperties properties, HipaaGrpcRateLimitBackend backend, RateLimits limits,
				ObjectProvider<HipaaGrpcRateLimitListener> listener) {
			return new HipaaGrpcRateLimitConsumerInterceptor(backend, limits.consumerPolicy(),
					properties.getConsumer().getKey(), listener.getIfAvailable(() -> HipaaGrpcRateLimitListener.NONE));
		}

	}

	/**
	 * Decision counters, when Micrometer is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcRateLimitListener hipaaGrpcRateLimitMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meterRegistry = registry.getIfUnique();
			return (meterRegistry != null) ? new HipaaGrpcRateLimitMetrics(meterRegistry)
					: HipaaGrpcRateLimitListener.NONE;
		}

	}

	/**
	 * The limits that the properties name, resolved against Resilience4j's rate-limiter
	 * configurations.
	 */
	static final class RateLimits {

		private final @Nullable HipaaGrpcRateLimit address;

		private final @Nullable HipaaGrpcRateLimit unauthenticated;

		private final HipaaGrpcRateLimitPolicy consumerPolicy;

		private final Map<String, Optional<HipaaGrpcRateLimit>> fallbackLimits;

		private Duration longestRefreshPeriod = Duration.ZERO;

		RateLimits(HipaaGrpcRateLimitProperties properties, @Nullable RateLimiterRegistry registry) {
			this.address = resolve(registry, PREFIX + "address.limit", properties.getAddress().getLimit(),
					DEFAULT_ADDRESS_LIMIT)
				.orElse(null);
			this.unauthenticated = resolve(registry, PREFIX + "address.unauthenticated-limit",
					properties.getAddress().getUnauthenticatedLimit(), DEFAULT_UNAUTHENTICATED_LIMIT)
				.orElse(null);
			HipaaGrpcRateLimitProperties.Consumer consumer = properties.getConsumer();
			HipaaGrpcRateLimit defaultLimit = resolve(registry, PREFIX + "consumer.default-limit",
					consumer.getDefaultLimit(), DEFAULT_CONSUMER_LIMIT)
				.orElse(null);
			this.consumerPolicy = new HipaaGrpcRateLimitPolicy(defaultLimit,
					resolveAll(registry, "consumer.methods", consumer.getMethods()),
					resolveAll(registry, "consumer.authorities", consumer.getAuthorities()),
					resolveAll(registry, "consumer.consumers", consumer.getConsumers()));
			this.fallbackLimits = resolveAll(registry, "shared.fallback-limits",
					properties.getShared().getFallbackLimits());
		}

		private Map<String, Optional<HipaaGrpcRateLimit>> resolveAll(@Nullable RateLimiterRegistry registry,
				String property, Map<String, String> names) {
			Map<String, Optional<HipaaGrpcRateLimit>> limits = new LinkedHashMap<>();
			names.forEach(
					(key, name) -> limits.put(key, resolve(registry, PREFIX + property + "[" + key + "]", name, null)));
			return limits;
		}

		private Optional<HipaaGrpcRateLimit> resolve(@Nullable RateLimiterRegistry registry, String property,
				@Nullable String name, @Nullable HipaaGrpcRateLimit fallback) {
			if (!StringUtils.hasText(name)) {
				if (fallback == null) {
					throw new InvalidConfigurationPropertyValueException(property, name,
							"Name a Resilience4j rate-limiter configuration, or 'unlimited'");
				}
				return Optional.of(remember(fallback));
			}
			if (UNLIMITED.equals(name)) {
				return Optional.empty();
			}
			if (registry == null) {
				throw new InvalidConfigurationPropertyValueException(property, name,
						"Named limits need Resilience4j's Spring Boot support "
								+ "(io.github.resilience4j:resilience4j-spring-boot4) on the classpath");
			}
			return Optional.of(remember(registry.getConfiguration(name)
				.map((config) -> HipaaGrpcRateLimit.of(name, config))
				.orElseThrow(() -> new InvalidConfigurationPropertyValueException(property, name,
						"No Resilience4j rate-limiter configuration of that name: define it under "
								+ "'resilience4j.ratelimiter.configs." + name + "', or use 'unlimited'"))));
		}

		private HipaaGrpcRateLimit remember(HipaaGrpcRateLimit limit) {
			if (limit.refreshPeriod().compareTo(this.longestRefreshPeriod) > 0) {
				this.longestRefreshPeriod = limit.refreshPeriod();
			}
			return limit;
		}

		Map<String, Optional<HipaaGrpcRateLimit>> fallbackLimits() {
			return this.fallbackLimits;
		}

		@Nullable HipaaGrpcRateLimit address() {
			return this.address;
		}

		@Nullable HipaaGrpcRateLimit unauthenticated() {
			return this.unauthenticated;
		}

		HipaaGrpcRateLimitPolicy consumerPolicy() {
			return this.consumerPolicy;
		}

		Duration longestRefreshPeriod() {
			return this.longestRefreshPeriod;
		}

	}

}
