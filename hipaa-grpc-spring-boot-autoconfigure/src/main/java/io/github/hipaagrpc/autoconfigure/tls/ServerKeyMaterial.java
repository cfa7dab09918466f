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

import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.log.LogMessage;

/**
 * Creates the listener's key material from the SSL bundle that Spring Boot's
 * {@code spring.grpc.server.ssl.bundle} names, and keeps it current when the bundle is
 * reloaded.
 */
final class ServerKeyMaterial {

	private static final Log logger = LogFactory.getLog(ServerKeyMaterial.class);

	private static final String BUNDLE_PROPERTY = "spring.grpc.server.ssl.bundle";

	private ServerKeyMaterial() {
	}

	static HipaaGrpcTlsKeyMaterial fromBundle(GrpcServerProperties.Ssl ssl, SslBundles bundles) {
		String name = bundleName(ssl);
		HipaaGrpcTlsKeyMaterial keyMaterial = HipaaGrpcTlsKeyMaterial.from(bundle(bundles, name));
		logServing("Serving", name, keyMaterial);
		bundles.addBundleUpdateHandler(name, (bundle) -> update(keyMaterial, name, bundle));
		return keyMaterial;
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

	private static void update(HipaaGrpcTlsKeyMaterial keyMaterial, String name, SslBundle bundle) {
		try {
			keyMaterial.update(bundle);
			logServing("Reloaded SSL bundle '%s': serving".formatted(name), name, keyMaterial);
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format(
					"Reloaded SSL bundle '%s' is unusable, the gRPC server keeps its " + "current certificate", name),
					ex);
		}
	}

	private static void logServing(String prefix, String name, HipaaGrpcTlsKeyMaterial keyMaterial) {
		X509Certificate certificate = keyMaterial.servingCertificate();
		logger.info(LogMessage.format("%s gRPC certificate serial '%s' not after '%s' from SSL bundle '%s'", prefix,
				certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant(), name));
	}

}
