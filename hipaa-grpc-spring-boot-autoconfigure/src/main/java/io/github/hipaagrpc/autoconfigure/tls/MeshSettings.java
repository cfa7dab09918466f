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

import java.net.InetAddress;

import io.grpc.TlsServerCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.core.log.LogMessage;
import org.springframework.util.StringUtils;

/**
 * Reads and checks the listener's settings in mesh mode, where a service mesh sidecar
 * terminates TLS and the listener serves plaintext to it on a loopback address, failing
 * with the name of the property at fault.
 */
final class MeshSettings {

	static final String ENABLED_PROPERTY = "hipaa.grpc.tls.mesh.enabled";

	private static final Log logger = LogFactory.getLog(MeshSettings.class);

	private static final String SSL_PREFIX = "spring.grpc.server.ssl.";

	private static final String IN_MESH_MODE = "In mesh mode ('" + ENABLED_PROPERTY + "') ";

	private MeshSettings() {
	}

	static InetAddress loopbackAddress(GrpcServerProperties properties) {
		TlsSettings.requireTcp(properties);
		InetAddress address = properties.getAddress();
		if (address == null || !address.isLoopbackAddress()) {
			throw new InvalidConfigurationPropertyValueException("spring.grpc.server.address",
					(address != null) ? address.getHostAddress() : null,
					IN_MESH_MODE + "the gRPC server serves plaintext, so it must listen on a loopback address "
							+ "that only the sidecar reaches: set '127.0.0.1', '::1' or 'localhost'");
		}
		return address;
	}

	static void requireNoTls(GrpcServerProperties.Ssl ssl, HipaaGrpcTlsProperties properties) {
		if (StringUtils.hasText(ssl.getBundle()) && !Boolean.FALSE.equals(ssl.getEnabled())) {
			throw new InvalidConfigurationPropertyValueException(SSL_PREFIX + "bundle", ssl.getBundle(),
					IN_MESH_MODE + "the sidecar terminates TLS and the gRPC server serves plaintext: "
							+ "remove the bundle, or set '" + SSL_PREFIX + "enabled' to false");
		}
		TlsServerCredentials.ClientAuth clientAuth = ssl.getClientAuth();
		if (clientAuth != null && clientAuth != TlsServerCredentials.ClientAuth.NONE) {
			throw new InvalidConfigurationPropertyValueException(SSL_PREFIX + "client-auth", clientAuth,
					IN_MESH_MODE + "the sidecar verifies client certificates, and the gRPC server reads "
							+ "the identity it forwards: remove the setting");
		}
		HipaaGrpcTlsProperties.Certificate.Source source = properties.getCertificate().getSource();
		if (source != HipaaGrpcTlsProperties.Certificate.Source.BUNDLE) {
			throw new InvalidConfigurationPropertyValueException(CertificateSettings.SOURCE_PROPERTY, source,
					IN_MESH_MODE + "the gRPC server has no certificate of its own: remove the setting");
		}
	}

	static void logMode(String address, HipaaGrpcTlsProperties properties) {
		logger.info(LogMessage.format(
				"gRPC server listens in plaintext on '%s' behind a service mesh sidecar (mesh mode); caller "
						+ "identities come from the '%s' header on connections from %s only",
				address, identityHeader(properties.getMesh().getProxy()), properties.getMesh().getTrustedProxies()));
	}

	private static String identityHeader(HipaaGrpcTlsProperties.Mesh.Proxy proxy) {
		return (proxy != HipaaGrpcTlsProperties.Mesh.Proxy.LINKERD) ? "x-forwarded-client-cert" : "l5d-client-id";
	}

}
