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

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds transport hardening defaults for Spring Boot's own gRPC server properties, at the
 * lowest precedence so that any explicit setting wins: request messages and metadata are
 * bounded in size whatever Spring Boot's or gRPC's own defaults become, idle connections
 * are closed and every connection is renewed periodically, which also moves clients onto
 * a rotated certificate, and clients that send keepalive pings more often than every five
 * minutes, or while no call is open, lose their connection. Also makes the JDK's TLS
 * refuse renegotiation started by clients, for when BoringSSL does not load.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source holding the transport defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "hipaaGrpcTransportDefaults";

	/**
	 * System property with which the JDK's TLS refuses client-initiated renegotiation.
	 */
	public static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

	private static final Map<String, Object> DEFAULTS = Map.of("spring.grpc.server.inbound.message.max-size", "4MB",
			"spring.grpc.server.inbound.metadata.max-size", "8KB",
			"spring.grpc.server.keepalive.connection.max-idle-time", "15m",
			"spring.grpc.server.keepalive.connection.max-age", "1h",
			"spring.grpc.server.keepalive.connection.grace-period", "30s", "spring.grpc.server.keepalive.permit.time",
			"5m", "spring.grpc.server.keepalive.permit.without-calls", "false");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, DEFAULTS));
		}
		if (System.getProperty(REJECT_RENEGOTIATION) == null) {
			System.setProperty(REJECT_RENEGOTIATION, "true");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
