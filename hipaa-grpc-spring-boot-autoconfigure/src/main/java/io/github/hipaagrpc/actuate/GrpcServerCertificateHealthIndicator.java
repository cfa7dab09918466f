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

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * Health of the certificate that the gRPC server presents: up while it is valid, down
 * once it has expired or while it is not valid yet. The certificate is read from the key
 * material on every check, so a rotated certificate is reported as soon as new handshakes
 * present it. Details are the serial number in hexadecimal, the end of validity in
 * ISO-8601 and the whole days left until then (negative once expired), plus the start of
 * validity while it lies ahead. When a rotation renews the certificate, the details also
 * say when the next renewal is due and how many renewals in a row have failed; a failing
 * renewal leaves the status up while the certificate in service is valid.
 *
 * @since 0.1.0
 */
public class GrpcServerCertificateHealthIndicator implements HealthIndicator {

	private final HipaaGrpcTlsKeyMaterial keyMaterial;

	private final @Nullable HipaaGrpcTlsCertificateRotation rotation;

	private final Clock clock;

	/**
	 * Create an indicator for the certificate of the given key material.
	 * @param keyMaterial the key material that the gRPC server presents
	 */
	public GrpcServerCertificateHealthIndicator(HipaaGrpcTlsKeyMaterial keyMaterial) {
		this(keyMaterial, null, Clock.systemUTC());
	}

	/**
	 * Create an indicator for the certificate of the given key material and the renewals
	 * of the given rotation.
	 * @param keyMaterial the key material that the gRPC server presents
	 * @param rotation the rotation that renews the certificate, or {@code null}
	 */
	public GrpcServerCertificateHealthIndicator(HipaaGrpcTlsKeyMaterial keyMaterial,
			@Nullable HipaaGrpcTlsCertificateRotation rotation) {
		this(keyMaterial, rotation, Clock.systemUTC());
	}

	GrpcServerCertificateHealthIndicator(HipaaGrpcTlsKeyMaterial keyMaterial,
			@Nullable HipaaGrpcTlsCertificateRotation rotation, Clock clock) {
		Assert.notNull(keyMaterial, "'keyMaterial' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.keyMaterial = keyMaterial;
		this.rotation = rotation;
		this.clock = clock;
	}

	@Override
	public Health health() {
		X509Certificate certificate = this.keyMaterial.servingCertificate();
		Instant now = this.clock.instant();
		Instant notAfter = certificate.getNotAfter().toInstant();
		Health.Builder builder = status(now, certificate.getNotBefore().toInstant(), notAfter)
			.withDetail("serial", certificate.getSerialNumber().toString(16))
			.withDetail("notAfter", notAfter.toString())
			.withDetail("daysToExpiry", Duration.between(now, notAfter).toDays());
		if (this.rotation != null) {
			renewal(builder, this.rotation.status());
		}
		return builder.build();
	}

	private static void renewal(Health.Builder builder, HipaaGrpcTlsCertificateRotation.Status status) {
		builder.withDetail("nextRenewal", status.nextRenewal().toString())
			.withDetail("failedRenewals", status.failedAttempts());
		Instant lastFailure = status.lastFailure();
		if (status.isFailing() && lastFailure != null) {
			builder.withDetail("lastRenewalFailure", lastFailure.toString())
				.withDetail("lastRenewalFailureType", String.valueOf(status.lastFailureType()));
		}
	}

	private static Health.Builder status(Instant now, Instant notBefore, Instant notAfter) {
		if (now.isBefore(notBefore)) {
			return Health.down().withDetail("notBefore", notBefore.toString());
		}
		return now.isAfter(notAfter) ? Health.down() : Health.up();
	}

}
