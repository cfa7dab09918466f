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

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which limit applies to a consumer's call: the consumer's own override first, then the
 * first of its authorities that has one, then the method's limit, then the default. An
 * override may also be unlimited, for trusted services.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcRateLimitPolicy {

	private final @Nullable HipaaGrpcRateLimit defaultLimit;

	private final Map<String, Optional<HipaaGrpcRateLimit>> methods;

	private final Map<String, Optional<HipaaGrpcRateLimit>> authorities;

	private final Map<String, Optional<HipaaGrpcRateLimit>> consumers;

	/**
	 * Create a policy. An empty {@link Optional} in a map means unlimited.
	 * @param defaultLimit the limit of methods without one of their own, or {@code null}
	 * for none
	 * @param methods limits by full method name
	 * @param authorities limits by granted authority, such as {@code ROLE_SERVICE}, tried
	 * in the map's order
	 * @param consumers limits by consumer
	 */
	public HipaaGrpcRateLimitPolicy(@Nullable HipaaGrpcRateLimit defaultLimit,
			Map<String, Optional<HipaaGrpcRateLimit>> methods, Map<String, Optional<HipaaGrpcRateLimit>> authorities,
			Map<String, Optional<HipaaGrpcRateLimit>> consumers) {
		Assert.notNull(methods, "'methods' must not be null");
		this.defaultLimit = defaultLimit;
		this.methods = Map.copyOf(methods);
		this.authorities = new LinkedHashMap<>(authorities);
		this.consumers = Map.copyOf(consumers);
	}

	/**
	 * Return the limit of a consumer's calls to a method.
	 * @param method the full method name
	 * @param consumer the consumer
	 * @param grantedAuthorities the consumer's authorities
	 * @return the limit, or {@code null} if the consumer's calls are not limited
	 */
	public @Nullable HipaaGrpcRateLimit limit(String method, String consumer, Collection<String> grantedAuthorities) {
		Optional<HipaaGrpcRateLimit> consumerLimit = this.consumers.get(consumer);
		if (consumerLimit != null) {
			return consumerLimit.orElse(null);
		}
		for (Map.Entry<String, Optional<HipaaGrpcRateLimit>> entry : this.authorities.entrySet()) {
			if (grantedAuthorities.contains(entry.getKey())) {
				return entry.getValue().orElse(null);
			}
		}
		Optional<HipaaGrpcRateLimit> methodLimit = this.methods.get(method);
		if (methodLimit != null) {
			return methodLimit.orElse(null);
		}
		return this.defaultLimit;
	}

}
