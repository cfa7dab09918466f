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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.util.Assert;

/**
 * Counts rate-limit decisions in Micrometer as {@code hipaa.grpc.rate-limit.decisions},
 * tagged with the method, the point ({@code address} or {@code consumer}) and the outcome
 * ({@code granted} or {@code rejected}); never with the consumer or address, so that the
 * number of meters does not grow with the number of callers.
 *
 * @since 0.1.0
 */
public class HipaaGrpcRateLimitMetrics implements HipaaGrpcRateLimitListener {

	/**
	 * Name of the decision counter.
	 */
	public static final String DECISIONS = "hipaa.grpc.rate-limit.decisions";

	private final MeterRegistry registry;

	/**
	 * Create metrics in the given registry.
	 * @param registry the registry
	 */
	public HipaaGrpcRateLimitMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
	}

	@Override
	public void onDecision(HipaaGrpcRateLimitPoint point, String method, boolean granted) {
		Counter.builder(DECISIONS)
			.description("Rate-limit decisions on gRPC calls")
			.tag("method", method)
			.tag("point", point.tagValue())
			.tag("outcome", granted ? "granted" : "rejected")
			.register(this.registry)
			.increment();
	}

}
