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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateSource;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link GrpcServerCertificateHealthIndicator}.
 */
class GrpcServerCertificateHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private final TestPki pki = TestPki.create();

	@Test
	void healthWhenCertificateIsValidIsUpWithSerialAndExpiry() {
		TestCertificate certificate = issue(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
		Health health = indicator(keyMaterial(certificate)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsOnly(entry("serial", serial(certificate)),
				entry("notAfter", NOW.plus(Duration.ofDays(30)).toString()), entry("daysToExpiry", 30L));
	}

	@Test
	void healthWhenCertificateHasExpiredIsDown() {
		TestCertificate certificate = issue(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(2)));
		Health health = indicator(keyMaterial(certificate)).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).contains(entry("serial", serial(certificate)),
				entry("notAfter", NOW.minus(Duration.ofDays(2)).toString()), entry("daysToExpiry", -2L));
	}

	@Test
	void healthWhenCertificateIsNotValidYetIsDownWithStartOfValidity() {
		TestCertificate certificate = issue(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10)));
		Health health = indicator(keyMaterial(certificate)).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).contains(entry("notBefore", NOW.plus(Duration.ofDays(1)).toString()),
				entry("daysToExpiry", 10L));
	}

	@Test
	void healthWhenCertificateExpiresThisSecondIsStillUp() {
		TestCertificate certificate = issue(NOW.minus(Duration.ofDays(1)), NOW);
		Health health = indicator(keyMaterial(certificate)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).contains(entry("daysToExpiry", 0L));
	}

	@Test
	void healthWhenKeyMaterialIsUpdatedReportsTheNewCertificate() {
		TestCertificate expired = issue(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)));
		HipaaGrpcTlsKeyMaterial keyMaterial = keyMaterial(expired);
		GrpcServerCertificateHealthIndicator indicator = indicator(keyMaterial);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		TestCertificate renewed = issue(NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(7)));
		keyMaterial.update(renewed.privateKey(), renewed.chain());
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).contains(entry("serial", serial(renewed)), entry("daysToExpiry", 7L));
	}

	@Test
	void healthWhenSystemClockUsedIsUpForFreshCertificate() {
		TestCertificate certificate = this.pki.issueServer(Duration.ofDays(2), "localhost");
		Health health = new GrpcServerCertificateHealthIndicator(keyMaterial(certificate)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("serial", serial(certificate))
			.hasEntrySatisfying("daysToExpiry", (days) -> assertThat(days).isIn(1L, 2L));
	}

	@Test
	void healthWhenRotationRenewsIsUpWithNextRenewal() {
		TestCertificate certificate = issue(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
		HipaaGrpcTlsKeyMaterial keyMaterial = keyMaterial(certificate);
		HipaaGrpcTlsCertificateRotation rotation = rotation(keyMaterial, () -> {
			throw new IllegalStateException("Not called");
		});
		Health health = new GrpcServerCertificateHealthIndicator(keyMaterial, rotation, CLOCK).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails())
			.contains(entry("nextRenewal", NOW.plus(Duration.ofDays(1)).toString()), entry("failedRenewals", 0))
			.doesNotContainKey("lastRenewalFailure");
	}

	@Test
	void healthWhenRenewalFailsStaysUpAndReportsTheFailures() {
		TestCertificate certificate = issue(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
		HipaaGrpcTlsKeyMaterial keyMaterial = keyMaterial(certificate);
		HipaaGrpcTlsCertificateRotation rotation = rotation(keyMaterial, () -> {
			throw new IllegalStateException("Vault is sealed");
		});
		assertThat(rotation.rotateNow()).isFalse();
		assertThat(rotation.rotateNow()).isFalse();
		Health health = new GrpcServerCertificateHealthIndicator(keyMaterial, rotation, CLOCK).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).contains(entry("failedRenewals", 2),
				entry("lastRenewalFailure", NOW.toString()),
				entry("lastRenewalFailureType", IllegalStateException.class.getName()));
	}

	private TestCertificate issue(Instant notBefore, Instant notAfter) {
		return this.pki.issueServer(notBefore, notAfter, "localhost");
	}

	private static HipaaGrpcTlsCertificateRotation rotation(HipaaGrpcTlsKeyMaterial keyMaterial,
			HipaaGrpcTlsCertificateSource source) {
		SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
		scheduler.setClock(CLOCK);
		return new HipaaGrpcTlsCertificateRotation(source, keyMaterial, scheduler,
				new HipaaGrpcTlsCertificateRotation.Settings(0.5, Duration.ofSeconds(1), Duration.ofMinutes(1)),
				(event) -> {
				});
	}

	private static HipaaGrpcTlsKeyMaterial keyMaterial(TestCertificate certificate) {
		return new HipaaGrpcTlsKeyMaterial(certificate.privateKey(), certificate.chain(), List.of());
	}

	private static GrpcServerCertificateHealthIndicator indicator(HipaaGrpcTlsKeyMaterial keyMaterial) {
		return new GrpcServerCertificateHealthIndicator(keyMaterial, null, CLOCK);
	}

	private static String serial(TestCertificate certificate) {
		return certificate.certificate().getSerialNumber().toString(16);
	}

}
