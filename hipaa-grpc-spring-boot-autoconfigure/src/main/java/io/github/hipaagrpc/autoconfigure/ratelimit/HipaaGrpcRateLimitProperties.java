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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitConsumerInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limits on gRPC calls. Limits are named Resilience4j rate-limiter configurations
 * under {@code resilience4j.ratelimiter.configs.*}, or {@code unlimited}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.rate-limit")
public class HipaaGrpcRateLimitProperties {

	/**
	 * Whether to limit the rate of calls per client address and per consumer.
	 */
	private boolean enabled = true;

	private final Address address = new Address();

	private final Consumer consumer = new Consumer();

	private final Store store = new Store();

	private final Shared shared = new Shared();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Address getAddress() {
		return this.address;
	}

	public Consumer getConsumer() {
		return this.consumer;
	}

	public Store getStore() {
		return this.store;
	}

	public Shared getShared() {
		return this.shared;
	}

	/**
	 * Limit per client address, before authentication.
	 */
	public static class Address {

		/**
		 * Name of the Resilience4j rate-limiter configuration that limits calls per
		 * client address, before any token is checked. When not set, 1,000 calls per
		 * second.
		 */
		private @Nullable String limit;

		/**
		 * Name of the Resilience4j rate-limiter configuration that limits the calls per
		 * client address that fail authentication. Once it is used up, every call from
		 * the address is refused before its token is checked until the limit refills.
		 * When not set, 20 failed calls per minute.
		 */
		private @Nullable String unauthenticatedLimit;

		/**
		 * Comma-separated list of IP addresses or CIDR ranges of proxies whose
		 * x-forwarded-for header names the client address. From any other address the
		 * header is ignored.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		public @Nullable String getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable String limit) {
			this.limit = limit;
		}

		public @Nullable String getUnauthenticatedLimit() {
			return this.unauthenticatedLimit;
		}

		public void setUnauthenticatedLimit(@Nullable String unauthenticatedLimit) {
			this.unauthenticatedLimit = unauthenticatedLimit;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

	}

	/**
	 * Limits per authenticated consumer and method.
	 */
	public static class Consumer {

		/**
		 * What names the consumer of a call with a bearer token: its subject, or the
		 * client it was issued to. A call authenticated by a client certificate is always
		 * counted against the certificate's service identity.
		 */
		private HipaaGrpcRateLimitConsumerInterceptor.ConsumerKey key = HipaaGrpcRateLimitConsumerInterceptor.ConsumerKey.SUBJECT;

		/**
		 * Name of the Resilience4j rate-limiter configuration for methods without a limit
		 * of their own. When not set, 200 calls per second per consumer and method.
		 */
		private @Nullable String defaultLimit;

		/**
		 * Limits by full method name, such as 'clinical.v1.ClinicalRecords/ReadChart',
		 * each naming a Resilience4j rate-limiter configuration or 'unlimited'.
		 */
		private Map<String, String> methods = new LinkedHashMap<>();

		/**
		 * Limits by granted authority, such as 'ROLE_SERVICE', each naming a Resilience4j
		 * rate-limiter configuration or 'unlimited'. They override method limits; the
		 * first authority listed that a consumer holds wins.
		 */
		private Map<String, String> authorities = new LinkedHashMap<>();

		/**
		 * Limits by consumer (subject, client id or service identity), each naming a
		 * Resilience4j rate-limiter configuration or 'unlimited'. They override every
		 * other limit.
		 */
		private Map<String, String> consumers = new LinkedHashMap<>();

		public HipaaGrpcRateLimitConsumerInterceptor.ConsumerKey getKey() {
			return this.key;
		}

		public void setKey(HipaaGrpcRateLimitConsumerInterceptor.ConsumerKey key) {
			this.key = key;
		}

		public @Nullable String getDefaultLimit() {
			return this.defaultLimit;
		}

		public void setDefaultLimit(@Nullable String defaultLimit) {
			this.defaultLimit = defaultLimit;
		}

		public Map<String, String> getMethods() {
			return this.methods;
		}

		public void setMethods(Map<String, String> methods) {
			this.methods = methods;
		}

		public Map<String, String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(Map<String, String> authorities) {
			this.authorities = authorities;
		}

		public Map<String, String> getConsumers() {
			return this.consumers;
		}

		public void setConsumers(Map<String, String> consumers) {
			this.consumers = consumers;
		}

	}

	/**
	 * The bounded store of limiters kept in this process.
	 */
	public static class Store {

		/**
		 * Largest number of limiters kept, one per client address or per consumer and
		 * method. Beyond it, those expected to be used least are dropped, favouring
		 * frequently used ones (Caffeine's W-TinyLFU policy).
		 */
		private long maximumSize = 100_000;

		/**
		 * How long a limiter that is not used is kept. Never shorter than the longest
		 * refresh period of the limits in use, which is taken instead.
		 */
		private Duration expireAfterAccess = Duration.ofMinutes(10);

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getExpireAfterAccess() {
			return this.expireAfterAccess;
		}

		public void setExpireAfterAccess(Duration expireAfterAccess) {
			this.expireAfterAccess = expireAfterAccess;
		}

	}

	/**
	 * The store in Redis that replicas share the consumer limits in.
	 */
	public static class Shared {

		/**
		 * Whether to count consumer limits in Redis, shared by every replica, through
		 * Spring Boot's Redis connection (spring.data.redis.*).
		 */
		private boolean enabled;

		/**
		 * Secret key of the HMAC-SHA256 hash that Redis keys are derived from, so that no
		 * consumer identity reaches Redis. At least 32 characters; the same on every
		 * replica.
		 */
		private @Nullable String hashKey;

		/**
		 * Prefix of every key stored in Redis.
		 */
		private String keyPrefix = "hipaa-grpc:rate-limit:";

		/**
		 * How long a call waits for Redis before the local fallback limits decide it.
		 */
		private Duration timeout = Duration.ofMillis(250);

		/**
		 * How often to try to reach Redis again while it does not answer.
		 */
		private Duration retryInterval = Duration.ofSeconds(1);

		/**
		 * Number of replicas expected to share the limits. While Redis does not answer,
		 * each replica allows every shared limit divided by this number.
		 */
		private int expectedReplicas = 2;

		/**
		 * Limits that apply in this process while Redis does not answer, by the name of
		 * the shared limit they replace, each naming a Resilience4j rate-limiter
		 * configuration or 'unlimited'. They override the division by the expected
		 * replicas.
		 */
		private Map<String, String> fallbackLimits = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getHashKey() {
			return this.hashKey;
		}

		public void setHashKey(@Nullable String hashKey) {
			this.hashKey = hashKey;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		public int getExpectedReplicas() {
			return this.expectedReplicas;
		}

		public void setExpectedReplicas(int expectedReplicas) {
			this.expectedReplicas = expectedReplicas;
		}

		public Map<String, String> getFallbackLimits() {
			return this.fallbackLimits;
		}

		public void setFallbackLimits(Map<String, String> fallbackLimits) {
			this.fallbackLimits = fallbackLimits;
		}

	}

}
