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

import java.security.cert.X509Certificate;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateIssuedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRenewalFailedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotatedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;

/**
 * Creates the listener's key material from the SSL bundle that Spring Boot's
 * {@code spring.grpc.server.ssl.bundle} names, keeps it current when the bundle is
 * reloaded, and publishes the certificate events for it: the first certificate once the
 * application starts, then each reloaded one, or the failure of an unusable reload.
 */
final class ServerKeyMaterial implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ServerKeyMaterial.class);

	private static final String BUNDLE_PROPERTY = "spring.grpc.server.ssl.bundle";

	private final String bundleName;

	private final HipaaGrpcTlsKeyMaterial keyMaterial;

	private final ApplicationEventPublisher eventPublisher;

	private final Object monitor = new Object();

	private int failedReloads;

	private boolean firstCertificatePublished;

	private volatile boolean running;

	private ServerKeyMaterial(String bundleName, HipaaGrpcTlsKeyMaterial keyMaterial,
			ApplicationEventPublisher eventPublisher) {
		this.bundleName = bundleName;
		this.keyMaterial = keyMaterial;
		this.eventPublisher = eventPublisher;
	}

	static ServerKeyMaterial fromBundle(GrpcServerProperties.Ssl ssl, SslBundles bundles,
			ApplicationEventPublisher eventPublisher) {
		String name = bundleName(ssl);
		HipaaGrpcTlsKeyMaterial keyMaterial = HipaaGrpcTlsKeyMaterial.from(bundle(bundles, name));
		logServing("Serving", name, keyMaterial);
		ServerKeyMaterial serverKeyMaterial = new ServerKeyMaterial(name, keyMaterial, eventPublisher);
		bundles.addBundleUpdateHandler(name, serverKeyMaterial::update);
		return serverKeyMaterial;
	}

	HipaaGrpcTlsKeyMaterial keyMaterial() {
		return this.keyMaterial;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (!this.firstCertificatePublished) {
				this.firstCertificatePublished = true;
				this.eventPublisher.publishEvent(new HipaaGrpcTlsCertificateIssuedEvent(this,
						this.keyMaterial.servingCertificate(), certificateSource()));
			}
			this.running = true;
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public String toString() {
		return certificateSource();
	}

	private String certificateSource() {
		return "SSL bundle '%s'".formatted(this.bundleName);
	}

	private static String bundleName(GrpcServerProperties.Ssl ssl) {
		String name = ssl.getBundle();
		if (Boolean.FALSE.equals(ssl.getEnabled()) || name == null) {
			throw new InvalidConfigurationPropertyValueException(BUNDLE_PROPERTY, name,
					"The gRPC server must not listen without TLS: name the SSL bundle "
							+ "holding its key and certificate, and leave 'spring.grpc.server.ssl.enabled' unset");
		}
		requireVerifiedClients(ssl);
		return name;
	}

	static void requireTls(GrpcServerProperties.Ssl ssl) {
		if (Boolean.FALSE.equals(ssl.getEnabled())) {
			throw new InvalidConfigurationPropertyValueException("spring.grpc.server.ssl.enabled", false,
					"The gRPC server must not listen without TLS: leave 'spring.grpc.server.ssl.enabled' unset");
		}
		requireVerifiedClients(ssl);
	}

	private static void requireVerifiedClients(GrpcServerProperties.Ssl ssl) {
		if (!ssl.isSecure()) {
			throw new InvalidConfigurationPropertyValueException("spring.grpc.server.ssl.secure", false,
					"The gRPC server must not trust every client certificate");
		}
	}

	private static SslBundle bundle(SslBundles bundles, String name) {
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException(BUNDLE_PROPERTY, name,
					"No SSL bundle of that name is configured under 'spring.ssl.bundle'");
		}
	}

	private void update(SslBundle bundle) {
		synchronized (this.monitor) {
			X509Certificate previous = this.keyMaterial.servingCertificate();
			try {
				this.keyMaterial.update(bundle);
			}
			catch (RuntimeException ex) {
				reloadFailed(ex);
				return;
			}
			reloaded(previous);
		}
	}

	private void reloaded(X509Certificate previous) {
		this.failedReloads = 0;
		logServing("Reloaded SSL bundle '%s': serving".formatted(this.bundleName), this.bundleName, this.keyMaterial);
		X509Certificate certificate = this.keyMaterial.servingCertificate();
		if (!certificate.equals(previous)) {
			this.eventPublisher
				.publishEvent(new HipaaGrpcTlsCertificateIssuedEvent(this, certificate, certificateSource()));
			this.eventPublisher
				.publishEvent(new HipaaGrpcTlsCertificateRotatedEvent(this, previous.getSerialNumber().toString(16),
						certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant()));
		}
	}

	private void reloadFailed(RuntimeException ex) {
		this.failedReloads++;
		logger.warn(
				LogMessage.format("Reloaded SSL bundle '%s' is unusable, the gRPC server keeps its current certificate",
						this.bundleName),
				ex);
		this.eventPublisher
			.publishEvent(new HipaaGrpcTlsCertificateRenewalFailedEvent(this, this.failedReloads, null, ex));
	}

	private static void logServing(String prefix, String name, HipaaGrpcTlsKeyMaterial keyMaterial) {
		X509Certificate certificate = keyMaterial.servingCertificate();
		logger.info(LogMessage.format("%s gRPC certificate serial '%s' not after '%s' from SSL bundle '%s'", prefix,
				certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant(), name));
	}

}
