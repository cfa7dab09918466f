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

package io.github.hipaagrpc.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcTlsCertificateRotation}.
 */
class HipaaGrpcTlsCertificateRotationTests {

	private static final HipaaGrpcTlsCertificateRotation.Settings SETTINGS = new HipaaGrpcTlsCertificateRotation.Settings(
			0.5, Duration.ofSeconds(1), Duration.ofSeconds(8));

	private final TestPki pki = TestPki.create();

	private final Instant start = Instant.parse("2026-12-01T00:00:00Z");

	private final TestCertificate first = issue(this.start, Duration.ofHours(2));

	private final HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(this.first.privateKey(),
			this.first.chain(), List.of());

	private final RecordingScheduler scheduler = new RecordingScheduler(this.start);

	private final List<ApplicationEvent> events = new ArrayList<>();

	private final Deque<Supplier<HipaaGrpcTlsCertificate>> issuance = new ArrayDeque<>();

	private volatile @Nullable List<X509Certificate> listedAuthorities;

	private final HipaaGrpcTlsCertificateRotation rotation = new HipaaGrpcTlsCertificateRotation(new TestSource(),
			this.keyMaterial, this.scheduler, SETTINGS, (event) -> this.events.add((ApplicationEvent) event));

	@Test
	void startWhenCertificateIsFreshSchedulesRenewalAtTheConfiguredShareOfItsLifetime() {
		this.rotation.start();
		assertThat(this.rotation.isRunning()).isTrue();
		assertThat(this.scheduler.lastScheduled()).isEqualTo(this.start.plus(Duration.ofHours(1)));
		assertThat(this.rotation.status().isFailing()).isFalse();
	}

	@Test
	void startWhenCertificateIsBackdatedMeasuresTheShareFromNow() {
		TestCertificate backdated = issue(this.start.minus(Duration.ofSeconds(30)), Duration.ofSeconds(50));
		this.issuance.add(() -> certificate(backdated, List.of()));
		assertThat(this.rotation.rotateNow()).isTrue();
		assertThat(this.rotation.status().nextRenewal()).isEqualTo(this.start.plus(Duration.ofSeconds(10)));
	}

	@Test
	void renewalWhenSourceHandsOverAnAlmostExpiredCertificateWaitsAtLeastASecond() {
		TestCertificate expiring = issue(this.start.minus(Duration.ofHours(1)), Duration.ofHours(1));
		this.issuance.add(() -> certificate(expiring, List.of()));
		assertThat(this.rotation.rotateNow()).isTrue();
		assertThat(this.rotation.status().nextRenewal()).isEqualTo(this.start.plus(Duration.ofSeconds(1)));
	}

	@Test
	void renewalWhenDueServesTheNewCertificateAndSchedulesTheNextOne() {
		TestCertificate second = issue(this.start.plus(Duration.ofHours(1)), Duration.ofHours(4));
		this.issuance.add(() -> certificate(second, List.of(this.pki.caCertificate())));
		this.rotation.start();
		this.scheduler.runLast();
		assertThat(this.keyMaterial.servingCertificate()).isEqualTo(second.certificate());
		assertThat(this.keyMaterial.trustAnchors()).containsExactly(this.pki.caCertificate());
		assertThat(this.scheduler.lastScheduled()).isEqualTo(this.start.plus(Duration.ofHours(3)));
		assertThat(this.events).hasSize(3);
		assertThat(this.events.get(0)).isInstanceOfSatisfying(HipaaGrpcTlsCertificateIssuedEvent.class,
				(event) -> assertThat(event.getSerialNumber()).isEqualTo(serial(this.first)));
		assertThat(this.events.get(1)).isInstanceOfSatisfying(HipaaGrpcTlsCertificateIssuedEvent.class, (event) -> {
			assertThat(event.getSerialNumber()).isEqualTo(serial(second));
			assertThat(event.getIssuer()).isEqualTo(this.pki.caCertificate().getSubjectX500Principal().getName());
			assertThat(event.getNotAfter()).isEqualTo(second.certificate().getNotAfter().toInstant());
			assertThat(event.getCertificateSource()).isEqualTo("test source");
		});
		assertThat(this.events.get(2)).isInstanceOfSatisfying(HipaaGrpcTlsCertificateRotatedEvent.class, (event) -> {
			assertThat(event.getPreviousSerialNumber()).isEqualTo(serial(this.first));
			assertThat(event.getSerialNumber()).isEqualTo(serial(second));
		});
	}

	@Test
	void startWhenRestartedPublishesTheFirstCertificateOnce() {
		this.rotation.start();
		this.rotation.stop();
		this.rotation.start();
		assertThat(this.events).singleElement().isInstanceOf(HipaaGrpcTlsCertificateIssuedEvent.class);
	}

	@Test
	void renewalWhenSourceFailsKeepsServingAndRetriesWithDoublingDelayUpToTheMaximum() {
		for (int attempt = 0; attempt < 5; attempt++) {
			this.issuance.add(() -> {
				throw new IllegalStateException("Vault is sealed");
			});
		}
		this.rotation.start();
		List<Duration> delays = new ArrayList<>();
		for (int attempt = 0; attempt < 5; attempt++) {
			this.scheduler.runLast();
			delays.add(Duration.between(this.scheduler.now(), this.scheduler.lastScheduled()));
		}
		assertThat(delays).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
				Duration.ofSeconds(8), Duration.ofSeconds(8));
		assertThat(this.keyMaterial.servingCertificate()).isEqualTo(this.first.certificate());
		assertThat(this.rotation.status().failedAttempts()).isEqualTo(5);
		assertThat(this.rotation.status().lastFailureType()).isEqualTo(IllegalStateException.class.getName());
		assertThat(this.events).hasSize(6).first().isInstanceOf(HipaaGrpcTlsCertificateIssuedEvent.class);
		assertThat(this.events.subList(1, 6)).allMatch(HipaaGrpcTlsCertificateRenewalFailedEvent.class::isInstance);
	}

	@Test
	void renewalWhenSourceRecoversClearsTheFailure() {
		TestCertificate second = issue(this.start, Duration.ofHours(2));
		this.issuance.add(() -> {
			throw new IllegalStateException("Vault is sealed");
		});
		this.issuance.add(() -> certificate(second, List.of()));
		this.rotation.start();
		this.scheduler.runLast();
		assertThat(this.rotation.status().isFailing()).isTrue();
		this.scheduler.runLast();
		assertThat(this.rotation.status().isFailing()).isFalse();
		assertThat(this.keyMaterial.servingCertificate()).isEqualTo(second.certificate());
	}

	@Test
	void renewalWhenSourceHandsOverAMismatchedKeyIsAFailedRenewal() {
		TestCertificate second = issue(this.start, Duration.ofHours(2));
		TestCertificate other = issue(this.start, Duration.ofHours(2));
		this.issuance.add(() -> new HipaaGrpcTlsCertificate(other.privateKey(), second.chain(), List.of()));
		assertThat(this.rotation.rotateNow()).isFalse();
		assertThat(this.keyMaterial.servingCertificate()).isEqualTo(this.first.certificate());
		assertThat(this.rotation.status().lastFailureType()).isEqualTo(IllegalArgumentException.class.getName());
	}

	@Test
	void renewalWhenAuthorityChangesKeepsTrustingThePreviousOneUntilItExpires() {
		TestPki nextPki = TestPki.create();
		this.keyMaterial.updateTrustAnchors(List.of(this.pki.caCertificate()));
		TestCertificate second = issue(this.start, Duration.ofHours(2));
		this.issuance.add(() -> certificate(second, List.of(nextPki.caCertificate())));
		this.rotation.rotateNow();
		assertThat(this.keyMaterial.trustAnchors()).containsExactly(nextPki.caCertificate(), this.pki.caCertificate());
	}

	@Test
	void refreshTrustAnchorsWhenSourceListsOtherAuthoritiesTrustsExactlyThoseWithoutRenewing() {
		TestPki nextPki = TestPki.create();
		this.keyMaterial.updateTrustAnchors(List.of(this.pki.caCertificate()));
		this.listedAuthorities = List.of(this.pki.caCertificate(), nextPki.caCertificate());
		assertThat(this.rotation.refreshTrustAnchors()).isTrue();
		assertThat(this.keyMaterial.trustAnchors()).containsExactly(this.pki.caCertificate(), nextPki.caCertificate());
		this.listedAuthorities = List.of(nextPki.caCertificate());
		assertThat(this.rotation.refreshTrustAnchors()).isTrue();
		assertThat(this.keyMaterial.trustAnchors()).containsExactly(nextPki.caCertificate());
		assertThat(this.keyMaterial.servingCertificate()).isEqualTo(this.first.certificate());
		assertThat(this.events).isEmpty();
	}

	@Test
	void refreshTrustAnchorsWhenSourceCannotTellKeepsTheCurrentOnes() {
		this.keyMaterial.updateTrustAnchors(List.of(this.pki.caCertificate()));
		assertThat(this.rotation.refreshTrustAnchors()).isFalse();
		assertThat(this.keyMaterial.trustAnchors()).containsExactly(this.pki.caCertificate());
	}

	@Test
	void stopWhenRunningCancelsTheScheduledRenewal() {
		this.rotation.start();
		this.rotation.stop();
		assertThat(this.rotation.isRunning()).isFalse();
		assertThat(this.scheduler.lastFuture().isCancelled()).isTrue();
	}

	@Test
	void settingsWhenRenewAtIsOutOfRangeAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new HipaaGrpcTlsCertificateRotation.Settings(1.0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new HipaaGrpcTlsCertificateRotation.Settings(0.5, Duration.ofSeconds(2), Duration.ofSeconds(1)));
	}

	private TestCertificate issue(Instant notBefore, Duration lifetime) {
		return this.pki.issueServer(notBefore, notBefore.plus(lifetime), "localhost");
	}

	private static HipaaGrpcTlsCertificate certificate(TestCertificate certificate, List<X509Certificate> anchors) {
		return new HipaaGrpcTlsCertificate(certificate.privateKey(), certificate.chain(), anchors);
	}

	private static String serial(TestCertificate certificate) {
		return certificate.certificate().getSerialNumber().toString(16);
	}

	/**
	 * Source that hands out the certificates queued by the test, in order.
	 */
	private final class TestSource implements HipaaGrpcTlsCertificateSource {

		@Override
		public HipaaGrpcTlsCertificate obtain() {
			return HipaaGrpcTlsCertificateRotationTests.this.issuance.remove().get();
		}

		@Override
		public @Nullable List<X509Certificate> currentTrustAnchors() {
			return HipaaGrpcTlsCertificateRotationTests.this.listedAuthorities;
		}

		@Override
		public String toString() {
			return "test source";
		}

	}

	/**
	 * Scheduler that records what is scheduled and runs it only when told, moving its
	 * clock to the scheduled time.
	 */
	static final class RecordingScheduler implements TaskScheduler {

		private final List<Instant> times = new ArrayList<>();

		private final List<Runnable> tasks = new ArrayList<>();

		private final List<RecordedFuture> futures = new ArrayList<>();

		private Instant now;

		RecordingScheduler(Instant now) {
			this.now = now;
		}

		@Override
		public Clock getClock() {
			return Clock.fixed(this.now, ZoneOffset.UTC);
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
			this.times.add(startTime);
			this.tasks.add(task);
			RecordedFuture future = new RecordedFuture();
			this.futures.add(future);
			return future;
		}

		@Override
		public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
			throw new UnsupportedOperationException();
		}

		Instant now() {
			return this.now;
		}

		Instant lastScheduled() {
			return this.times.get(this.times.size() - 1);
		}

		ScheduledFuture<?> lastFuture() {
			return this.futures.get(this.futures.size() - 1);
		}

		void runLast() {
			this.now = lastScheduled();
			this.tasks.get(this.tasks.size() - 1).run();
		}

	}

	/**
	 * Future of a recorded task, which only remembers whether it was cancelled.
	 */
	static final class RecordedFuture extends CompletableFuture<Object> implements ScheduledFuture<Object> {

		@Override
		public long getDelay(TimeUnit unit) {
			return 0;
		}

		@Override
		public int compareTo(Delayed other) {
			return 0;
		}

	}

}
