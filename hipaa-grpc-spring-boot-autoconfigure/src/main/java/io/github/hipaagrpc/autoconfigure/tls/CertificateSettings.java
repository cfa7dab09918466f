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

package io.github.hipaagrpc.autoconfigure.tls;

import java.time.Duration;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Reads and checks the certificate source and renewal settings, failing with the name of
 * the property at fault.
 */
final class CertificateSettings {

	static final String SOURCE_PROPERTY = "hipaa.grpc.tls.certificate.source";

	static final String VAULT_PREFIX = "hipaa.grpc.tls.vault.";

	private static final String PREFIX = "hipaa.grpc.tls.certificate.";

	private CertificateSettings() {
	}

	static HipaaGrpcTlsCertificateRotation.Settings rotation(HipaaGrpcTlsProperties properties) {
		HipaaGrpcTlsProperties.Certificate certificate = properties.getCertificate();
		double renewAt = certificate.getRenewAt();
		if (!(renewAt > 0 && renewAt < 1)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "renew-at", renewAt,
					"The renewal point is a fraction of the certificate's lifetime, greater than 0 and less than 1");
		}
		Duration initialDelay = certificate.getRetry().getInitialDelay();
		if (initialDelay.isNegative() || initialDelay.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "retry.initial-delay", initialDelay,
					"The retry delay must be positive");
		}
		Duration maxDelay = certificate.getRetry().getMaxDelay();
		if (maxDelay.compareTo(initialDelay) < 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "retry.max-delay", maxDelay,
					"The longest retry delay must not be shorter than the initial delay");
		}
		return new HipaaGrpcTlsCertificateRotation.Settings(renewAt, initialDelay, maxDelay);
	}

	static String required(@Nullable String value, String name) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidConfigurationPropertyValueException(VAULT_PREFIX + name, value,
					"Vault PKI certificates need it when '%s' is 'vault'".formatted(SOURCE_PROPERTY));
		}
		return value.strip();
	}

	static Duration ttl(HipaaGrpcTlsProperties.Vault vault) {
		Duration ttl = vault.getTtl();
		if (ttl.toSeconds() < 1) {
			throw new InvalidConfigurationPropertyValueException(VAULT_PREFIX + "ttl", ttl,
					"The certificate lifetime must be at least one second");
		}
		return ttl;
	}

}
