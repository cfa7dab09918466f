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

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcTlsEnvironmentPostProcessor}.
 */
class HipaaGrpcTlsEnvironmentPostProcessorTests {

	private static final String REJECT = HipaaGrpcTlsEnvironmentPostProcessor.REJECT_RENEGOTIATION;

	private final HipaaGrpcTlsEnvironmentPostProcessor postProcessor = new HipaaGrpcTlsEnvironmentPostProcessor();

	private @Nullable String previous;

	@BeforeEach
	void rememberRenegotiationProperty() {
		this.previous = System.getProperty(REJECT);
	}

	@AfterEach
	void restoreRenegotiationProperty() {
		if (this.previous != null) {
			System.setProperty(REJECT, this.previous);
		}
		else {
			System.clearProperty(REJECT);
		}
	}

	@Test
	void postProcessEnvironmentWhenRenegotiationPropertyUnsetRejectsRenegotiation() {
		System.clearProperty(REJECT);
		this.postProcessor.postProcessEnvironment(new MockEnvironment(), new SpringApplication());
		assertThat(System.getProperty(REJECT)).isEqualTo("true");
	}

	@Test
	void postProcessEnvironmentWhenRenegotiationPropertySetKeepsIt() {
		System.setProperty(REJECT, "false");
		this.postProcessor.postProcessEnvironment(new MockEnvironment(), new SpringApplication());
		assertThat(System.getProperty(REJECT)).isEqualTo("false");
	}

	@Test
	void postProcessEnvironmentWhenKeepaliveNotSetPinsPingLimits() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.grpc.server.keepalive.permit.time")).isEqualTo("5m");
		assertThat(environment.getProperty("spring.grpc.server.keepalive.permit.without-calls")).isEqualTo("false");
	}

	@Test
	void postProcessEnvironmentWhenUserSetsKeepaliveUserValuesWin() {
		MockEnvironment environment = new MockEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("user",
					Map.of("spring.grpc.server.keepalive.permit.time", "30s",
							"spring.grpc.server.keepalive.permit.without-calls", "true",
							"spring.grpc.server.keepalive.connection.max-age", "10m")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.grpc.server.keepalive.permit.time")).isEqualTo("30s");
		assertThat(environment.getProperty("spring.grpc.server.keepalive.permit.without-calls")).isEqualTo("true");
		assertThat(environment.getProperty("spring.grpc.server.keepalive.connection.max-age")).isEqualTo("10m");
		assertThat(environment.getProperty("spring.grpc.server.keepalive.connection.max-idle-time")).isEqualTo("15m");
	}

}
