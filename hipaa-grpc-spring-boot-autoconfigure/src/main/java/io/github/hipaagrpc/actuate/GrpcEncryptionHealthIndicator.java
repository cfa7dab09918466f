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

import java.util.UUID;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * Health of the keys that encrypt ePHI at rest: up while the master key answers with its
 * latest version, down when it cannot be reached, since new data keys and the unwrapping
 * of uncached ones then fail. The details name the provider, the master-key version, the
 * current data key's identifier and the number of cached data keys; never a key.
 *
 * @since 0.1.0
 */
public class GrpcEncryptionHealthIndicator implements HealthIndicator {

	private final HipaaGrpcEncryption encryption;

	/**
	 * Create an indicator for the given encryption service.
	 * @param encryption the encryption service
	 */
	public GrpcEncryptionHealthIndicator(HipaaGrpcEncryption encryption) {
		Assert.notNull(encryption, "'encryption' must not be null");
		this.encryption = encryption;
	}

	@Override
	public Health health() {
		Health.Builder builder = details();
		try {
			int version = this.encryption.getProvider().latestVersion();
			return builder.up().withDetail("masterKeyVersion", version).build();
		}
		catch (HipaaGrpcEncryptionException ex) {
			return builder.down().withDetail("reason", ex.getReason().name()).build();
		}
		catch (RuntimeException ex) {
			return builder.down().withDetail("reason", ex.getClass().getName()).build();
		}
	}

	private Health.Builder details() {
		UUID current = this.encryption.currentKeyId();
		Health.Builder builder = Health.unknown()
			.withDetail("provider", this.encryption.getProvider().toString())
			.withDetail("cachedDataKeys", this.encryption.cachedKeys());
		if (current != null) {
			builder.withDetail("currentDataKey", current.toString());
		}
		return builder;
	}

}
