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

package io.github.hipaagrpc.actuate;

import java.util.Locale;

import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitRedisBackend;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * Health of the shared store that replicas count consumer limits in. The status stays up
 * while Redis does not answer, because every replica keeps serving under its local
 * fallback limits, and a down status would take all of them out of service at once; the
 * details say where calls are counted ({@code shared}, {@code fallback} or
 * {@code connecting}), since when, and the kind of the last failure.
 *
 * @since 0.1.0
 */
public class GrpcRateLimitStoreHealthIndicator implements HealthIndicator {

	private final HipaaGrpcRateLimitRedisBackend backend;

	/**
	 * Create an indicator for the given shared store.
	 * @param backend the backend that counts limits in the shared store
	 */
	public GrpcRateLimitStoreHealthIndicator(HipaaGrpcRateLimitRedisBackend backend) {
		Assert.notNull(backend, "'backend' must not be null");
		this.backend = backend;
	}

	@Override
	public Health health() {
		HipaaGrpcRateLimitRedisBackend.Status status = this.backend.status();
		Health.Builder builder = Health.up()
			.withDetail("store", "redis")
			.withDetail("counting", status.state().name().toLowerCase(Locale.ROOT))
			.withDetail("since", status.since().toString());
		if (status.reason() != null) {
			builder.withDetail("reason", status.reason());
		}
		return builder.build();
	}

}
