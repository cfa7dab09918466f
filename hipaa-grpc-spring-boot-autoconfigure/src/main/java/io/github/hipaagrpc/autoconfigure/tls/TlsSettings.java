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

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;

import io.github.hipaagrpc.tls.HipaaGrpcTlsPolicy;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProvider;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.core.log.LogMessage;
import org.springframework.util.StringUtils;

/**
 * Reads and checks the listener's TLS settings, failing with the name of the property at
 * fault.
 */
final class TlsSettings {

	private static final Log logger = LogFactory.getLog(TlsSettings.class);

	private static final String PREFIX = "hipaa.grpc.tls.";

	private static final int DEFAULT_PORT = 9090;

	private static final int MAX_PORT = 65535;

	private TlsSettings() {
	}

	static HipaaGrpcTlsPolicy policy(HipaaGrpcTlsProperties properties) {
		try {
			HipaaGrpcTlsPolicy.of(properties.getProtocols(), HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "protocols",
					String.join(",", properties.getProtocols()), ex.getMessage());
		}
		try {
			return HipaaGrpcTlsPolicy.of(properties.getProtocols(), properties.getCiphers());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "ciphers",
					String.join(",", properties.getCiphers()), ex.getMessage());
		}
	}

	static SslProvider provider(HipaaGrpcTlsProperties properties) {
		return provider(properties, OpenSsl::isAvailable);
	}

	static SslProvider provider(HipaaGrpcTlsProperties properties, BooleanSupplier openSslAvailable) {
		try {
			return properties.getProvider().resolve(openSslAvailable);
		}
		catch (IllegalStateException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "provider", properties.getProvider(),
					"BoringSSL does not load on this machine: add io.netty:netty-tcnative-boringssl-static "
							+ "for this platform, or choose 'auto'");
		}
	}

	static void validateLimits(HipaaGrpcTlsProperties properties) {
		if (properties.getHandshakeTimeout().isNegative() || properties.getHandshakeTimeout().isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "handshake-timeout",
					properties.getHandshakeTimeout(), "The handshake timeout must be positive");
		}
		if (properties.getMaxConcurrentStreams() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-concurrent-streams",
					properties.getMaxConcurrentStreams(), "At least one stream per connection must be allowed");
		}
		HipaaGrpcTlsProperties.StreamResets resets = properties.getStreamResets();
		if (resets.getMaxCount() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "stream-resets.max-count",
					resets.getMaxCount(), "The stream reset limit must be positive");
		}
		if (resets.getWindow().toSeconds() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "stream-resets.window", resets.getWindow(),
					"The stream reset window must be at least one second");
		}
	}

	static void logProvider(HipaaGrpcTlsProvider requested, HipaaGrpcTlsServerContext context) {
		if (context.provider() == SslProvider.OPENSSL) {
			logger.info(LogMessage.format("gRPC server TLS uses %s through netty-tcnative with %s",
					OpenSsl.versionString(), context.policy()));
		}
		else if (requested == HipaaGrpcTlsProvider.AUTO) {
			logger.warn(LogMessage.format(
					"gRPC server TLS falls back to the JDK's TLS with %s: BoringSSL "
							+ "(netty-tcnative) does not load, and handshakes are several times slower",
					context.policy()));
		}
		else {
			logger.info(LogMessage.format("gRPC server TLS uses the JDK's TLS with %s", context.policy()));
		}
	}

	/**
	 * Warn when the JDK's TLS serves TLS 1.2 while the system property with which it
	 * refuses client-initiated renegotiation is not {@code true}. The JDK reads that
	 * property once, at its first server handshake in the JVM, and the value it read
	 * cannot be queried: a handshake before the property was set goes unnoticed here.
	 * @param context the listener's TLS context
	 * @param rejectRenegotiation the system property's current value
	 */
	static void checkRenegotiation(HipaaGrpcTlsServerContext context, @Nullable String rejectRenegotiation) {
		boolean tls12 = context.policy().protocols().contains(HipaaGrpcTlsPolicy.TLS_1_2);
		if (context.provider() != SslProvider.JDK || !tls12 || "true".equalsIgnoreCase(rejectRenegotiation)) {
			return;
		}
		logger.warn(LogMessage.format(
				"gRPC server TLS on the JDK lets TLS 1.2 clients renegotiate: '%s' is '%s'; set it to 'true' on the "
						+ "command line, or use BoringSSL or TLS 1.3 only",
				HipaaGrpcTlsEnvironmentPostProcessor.REJECT_RENEGOTIATION, rejectRenegotiation));
	}

	static String tcpAddress(GrpcServerProperties properties) {
		requireTcp(properties);
		InetAddress address = properties.getAddress();
		if (address == null) {
			return "*:" + port(properties);
		}
		String host = address.getHostAddress();
		return ((address instanceof Inet6Address) ? "[" + host + "]" : host) + ":" + port(properties);
	}

	static void requireTcp(GrpcServerProperties properties) {
		GrpcServerProperties.Netty netty = properties.getNetty();
		if (netty.getDomainSocketPath() != null
				|| netty.getTransport() == GrpcServerProperties.Netty.Transport.DOMAIN_SOCKET) {
			throw new InvalidConfigurationPropertyValueException("spring.grpc.server.netty.domain-socket-path",
					netty.getDomainSocketPath(), "The gRPC server listens on TCP only");
		}
	}

	static int port(GrpcServerProperties properties) {
		return (properties.getPort() != null) ? properties.getPort() : DEFAULT_PORT;
	}

	static InetSocketAddress probeAddress(HipaaGrpcTlsProperties properties) {
		HipaaGrpcTlsProperties.Probe probe = properties.getProbe();
		if (probe.getPort() < 0 || probe.getPort() > MAX_PORT) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "probe.port", probe.getPort(),
					"The port must be between 0 and 65535, 0 for any free port");
		}
		return new InetSocketAddress(probeHost(probe.getAddress()), probe.getPort());
	}

	private static InetAddress probeHost(String address) {
		if (!StringUtils.hasText(address)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "probe.address", address,
					"Name the address to bind to, such as '127.0.0.1' or '0.0.0.0'");
		}
		try {
			return InetAddress.getByName(address.strip());
		}
		catch (UnknownHostException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "probe.address", address,
					"The address must be an IP address or a host name that resolves");
		}
	}

}
