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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Renews the gRPC listener's certificate from its source before it expires, and puts the
 * new one in service for new handshakes at once. Connections already open keep the
 * certificate they agreed on until they close. A failed renewal is retried with a growing
 * delay while the current certificate keeps serving.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsCertificateRotation implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HipaaGrpcTlsCertificateRotation.class);

	private static final Duration MINIMUM_DELAY = Duration.ofSeconds(1);

	private final HipaaGrpcTlsCertificateSource source;

	private final HipaaGrpcTlsKeyMaterial keyMaterial;

	private final TaskScheduler scheduler;

	private final Settings settings;

	private final ApplicationEventPublisher eventPublisher;

	private final Object monitor = new Object();

	private @Nullable ScheduledFuture<?> scheduled;

	private volatile Status status;

	private volatile boolean running;

	private boolean firstCertificatePublished;

	/**
	 * Create a rotation that has not started yet.
	 * @param source the source of new certificates
	 * @param keyMaterial the key material that the listener serves
	 * @param scheduler the scheduler that runs renewals, and whose clock tells the time
	 * @param settings when to renew and how to retry
	 * @param eventPublisher the publisher of rotation events
	 */
	public HipaaGrpcTlsCertificateRotation(HipaaGrpcTlsCertificateSource source, HipaaGrpcTlsKeyMaterial keyMaterial,
			TaskScheduler scheduler, Settings settings, ApplicationEventPublisher eventPublisher) {
		Assert.notNull(source, "'source' must not be null");
		Assert.notNull(keyMaterial, "'keyMaterial' must not be null");
		Assert.notNull(scheduler, "'scheduler' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		this.source = source;
		this.keyMaterial = keyMaterial;
		this.scheduler = scheduler;
		this.settings = settings;
		this.eventPublisher = eventPublisher;
		this.status = new Status(renewalPoint(keyMaterial.servingCertificate()), 0, null, null);
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (!this.firstCertificatePublished) {
				this.firstCertificatePublished = true;
				this.eventPublisher.publishEvent(new HipaaGrpcTlsCertificateIssuedEvent(this,
						this.keyMaterial.servingCertificate(), this.source.toString()));
			}
			this.running = true;
			schedule(this.status.nextRenewal());
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			this.running = false;
			if (this.scheduled != null) {
				this.scheduled.cancel(false);
				this.scheduled = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the state of the rotation: when the next renewal is due and how the last
	 * attempts went.
	 * @return the status
	 */
	public Status status() {
		return this.status;
	}

	/**
	 * Renew the certificate now, whatever its remaining lifetime.
	 * @return whether a new certificate is in service
	 */
	public boolean rotateNow() {
		synchronized (this.monitor) {
			return renew();
		}
	}

	/**
	 * Replace the trusted certificate authorities with those the source issues from now,
	 * when it can tell. An authority the source no longer lists stops being trusted; the
	 * key material is left alone when nothing changed.
	 * @return whether the source told its current authorities
	 */
	public boolean refreshTrustAnchors() {
		synchronized (this.monitor) {
			try {
				List<X509Certificate> anchors = this.source.currentTrustAnchors();
				if (anchors == null) {
					return false;
				}
				if (!Set.copyOf(anchors).equals(Set.copyOf(this.keyMaterial.trustAnchors()))) {
					this.keyMaterial.updateTrustAnchors(anchors);
					logger.info(LogMessage.format("Trusting %d certificate authorities for client certificates from %s",
							anchors.size(), this.source));
				}
				return true;
			}
			catch (RuntimeException ex) {
				logger.warn(LogMessage.format("Refreshing the trusted certificate authorities from %s failed, "
						+ "keeping the current ones: %s", this.source, ex.getMessage()));
				return false;
			}
		}
	}

	private void renewScheduled() {
		synchronized (this.monitor) {
			if (this.running) {
				renew();
			}
		}
	}

	private boolean renew() {
		X509Certificate previous = this.keyMaterial.servingCertificate();
		try {
			HipaaGrpcTlsCertificate certificate = this.source.obtain();
			this.keyMaterial.update(certificate.privateKey(), certificate.certificateChain());
			this.keyMaterial.updateTrustAnchors(trustAnchors(certificate));
			renewed(previous, certificate);
			return true;
		}
		catch (RuntimeException ex) {
			renewalFailed(ex);
			return false;
		}
	}

	private void renewed(X509Certificate previous, HipaaGrpcTlsCertificate certificate) {
		Instant next = renewalPoint(certificate.certificate());
		this.status = new Status(next, 0, null, null);
		logger.info(LogMessage.format("Rotated gRPC server certificate to serial '%s' not after '%s'",
				certificate.serialNumber(), certificate.notAfter()));
		this.eventPublisher.publishEvent(
				new HipaaGrpcTlsCertificateIssuedEvent(this, certificate.certificate(), this.source.toString()));
		this.eventPublisher.publishEvent(new HipaaGrpcTlsCertificateRotatedEvent(this,
				previous.getSerialNumber().toString(16), certificate.serialNumber(), certificate.notAfter()));
		if (this.running) {
			schedule(next);
		}
	}

	private void renewalFailed(RuntimeException ex) {
		Status failed = this.status;
		int attempts = failed.failedAttempts() + 1;
		Instant now = this.scheduler.getClock().instant();
		Instant next = now.plus(retryDelay(attempts));
		this.status = new Status(next, attempts, now, ex.getClass().getName());
		logger.warn(LogMessage.format(
				"Renewing the gRPC server certificate failed (attempt %d), serving serial '%s' "
						+ "until '%s' and retrying at '%s': %s",
				attempts, this.keyMaterial.servingCertificate().getSerialNumber().toString(16),
				this.keyMaterial.servingCertificate().getNotAfter().toInstant(), next, ex.getMessage()));
		this.eventPublisher.publishEvent(new HipaaGrpcTlsCertificateRenewalFailedEvent(this, attempts, next, ex));
		if (this.running) {
			schedule(next);
		}
	}

	/**
	 * Return when to renew a certificate that has just gone into service: after the
	 * configured share of the time between now (or its start of validity, if later) and
	 * its expiry. Issuers such as Vault backdate the start of validity to allow for clock
	 * skew, which for a certificate of a few seconds would put a point measured from that
	 * start in the past and renew it over and over; never sooner than a second from now.
	 * @param certificate the certificate in service
	 * @return when to renew it
	 */
	private Instant renewalPoint(X509Certificate certificate) {
		Instant now = this.scheduler.getClock().instant();
		Instant notBefore = certificate.getNotBefore().toInstant();
		Instant from = notBefore.isAfter(now) ? notBefore : now;
		Duration left = Duration.between(from, certificate.getNotAfter().toInstant());
		Instant point = from.plusMillis((long) (left.toMillis() * this.settings.renewAt()));
		Instant earliest = now.plus(MINIMUM_DELAY);
		return point.isBefore(earliest) ? earliest : point;
	}

	private Duration retryDelay(int attempts) {
		Duration delay = this.settings.initialRetryDelay();
		for (int attempt = 1; attempt < attempts && delay.compareTo(this.settings.maxRetryDelay()) < 0; attempt++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.settings.maxRetryDelay()) < 0) ? delay : this.settings.maxRetryDelay();
	}

	private List<X509Certificate> trustAnchors(HipaaGrpcTlsCertificate certificate) {
		Instant now = this.scheduler.getClock().instant();
		Set<X509Certificate> anchors = new LinkedHashSet<>(certificate.trustAnchors());
		for (X509Certificate anchor : this.keyMaterial.trustAnchors()) {
			if (anchor.getNotAfter().toInstant().isAfter(now)) {
				anchors.add(anchor);
			}
		}
		return new ArrayList<>(anchors);
	}

	private void schedule(Instant when) {
		if (this.scheduled != null) {
			this.scheduled.cancel(false);
		}
		this.scheduled = this.scheduler.schedule(this::renewScheduled, when);
	}

	/**
	 * When certificates are renewed and how failed renewals are retried.
	 *
	 * @param renewAt the fraction of a certificate's lifetime after which it is renewed,
	 * greater than 0 and less than 1
	 * @param initialRetryDelay the delay before the first retry of a failed renewal
	 * @param maxRetryDelay the longest delay between retries; delays double up to it
	 */
	public record Settings(double renewAt, Duration initialRetryDelay, Duration maxRetryDelay) {

		/**
		 * Create settings, checking them.
		 * @param renewAt the fraction of a certificate's lifetime after which it is
		 * renewed
		 * @param initialRetryDelay the delay before the first retry
		 * @param maxRetryDelay the longest delay between retries
		 */
		public Settings {
			Assert.isTrue(renewAt > 0 && renewAt < 1, "'renewAt' must be greater than 0 and less than 1");
			Assert.isTrue(!initialRetryDelay.isNegative() && !initialRetryDelay.isZero(),
					"'initialRetryDelay' must be positive");
			Assert.isTrue(maxRetryDelay.compareTo(initialRetryDelay) >= 0,
					"'maxRetryDelay' must not be less than 'initialRetryDelay'");
		}

	}

	/**
	 * State of the rotation.
	 *
	 * @param nextRenewal when the next renewal or retry is due
	 * @param failedAttempts how many renewals in a row have failed
	 * @param lastFailure when the last renewal failed, if the last one did
	 * @param lastFailureType the exception type of the last failure, if the last renewal
	 * failed
	 */
	public record Status(Instant nextRenewal, int failedAttempts, @Nullable Instant lastFailure,
			@Nullable String lastFailureType) {

		/**
		 * Return whether the last renewal failed.
		 * @return whether renewals are failing
		 */
		public boolean isFailing() {
			return this.failedAttempts > 0;
		}

	}

}
