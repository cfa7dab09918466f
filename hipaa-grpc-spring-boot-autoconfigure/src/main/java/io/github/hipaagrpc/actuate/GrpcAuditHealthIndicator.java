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

import java.time.Instant;
import java.util.Locale;

import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} for the audit trail: down while new calls are refused because
 * their records cannot be stored, with the queue depth and the counts of stored, lost and
 * refused records; unknown when the audit trail is switched off.
 *
 * @since 0.1.0
 */
public class GrpcAuditHealthIndicator implements HealthIndicator {

	private final @Nullable HipaaGrpcAuditWriter writer;

	/**
	 * Create an indicator for the given writer.
	 * @param writer the audit writer, or {@code null} when the audit trail is switched
	 * off
	 */
	public GrpcAuditHealthIndicator(@Nullable HipaaGrpcAuditWriter writer) {
		this.writer = writer;
	}

	@Override
	public Health health() {
		HipaaGrpcAuditWriter writer = this.writer;
		if (writer == null) {
			return Health.unknown().withDetail("enabled", false).build();
		}
		Health.Builder builder = (writer.isFailClosed() ? Health.down() : Health.up()).withDetail("enabled", true)
			.withDetail("mode", writer.getMode().name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.withDetail("failClosed", writer.isFailClosed())
			.withDetail("queueDepth", writer.getQueueDepth())
			.withDetail("written", writer.getWritten())
			.withDetail("lost", writer.getLost())
			.withDetail("refused", writer.getRefused())
			.withDetail("chain", writer.getHead().chainId())
			.withDetail("chainLength", writer.getHead().length());
		Instant failingSince = writer.getFailingSince();
		if (failingSince != null) {
			builder.withDetail("failingSince", failingSince.toString());
		}
		return builder.build();
	}

}
