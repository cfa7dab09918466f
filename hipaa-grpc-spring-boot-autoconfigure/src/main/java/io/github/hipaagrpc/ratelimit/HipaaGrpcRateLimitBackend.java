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

/**
 * Where the state of rate limits is kept: in this process by default
 * ({@link HipaaGrpcRateLimitLocalBackend}), or in a store shared by every replica.
 * Implementations never wait for a permit and never log the key.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HipaaGrpcRateLimitBackend {

	/**
	 * Take one permit for the given key under the given limit, if one is left.
	 * @param key the key the permit is counted against, such as a consumer and method; it
	 * may hold an identity or an address, so it must not be logged or stored in clear
	 * @param limit the limit that applies
	 * @return the decision
	 */
	HipaaGrpcRateLimitDecision tryAcquire(String key, HipaaGrpcRateLimit limit);

}
