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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerFactory;
import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.test.autoconfigure.TestGrpcTransportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcTlsAutoConfiguration}.
 */
class HipaaGrpcTlsAutoConfigurationTests {

	@TempDir
	@SuppressWarnings("NullAway.Init")
	static Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				HipaaGrpcTlsAutoConfiguration.class))
		.withBean(BindableService.class, () -> new HealthStatusManager().getHealthService())
		.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1");

	@BeforeAll
	static void writeServerCertificate() throws IOException {
		TestPki.create().issueServer("localhost", "127.0.0.1").writePem(directory, "server");
		assertThat(Files.exists(directory.resolve("server.crt"))).isTrue();
	}

	@Test
	void networkServerWhenNoSslBundleFailsNamingTheProperty() {
		this.contextRunner.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining("spring.grpc.server.ssl.bundle"));
	}

	@Test
	void networkServerWhenSslBundleConfiguredStarts() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(PlaintextServerGuard.class));
	}

	@Test
	void networkServerWhenSslDisabledFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.grpc.server.ssl.bundle"));
	}

	@Test
	void networkServerWhenClientCertificatesNotVerifiedFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.secure=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.grpc.server.ssl.secure"));
	}

	@Test
	void inProcessTestTransportWhenNoSslBundleStarts() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TestGrpcTransportAutoConfiguration.class,
					SslAutoConfiguration.class, GrpcServerAutoConfiguration.class, HipaaGrpcTlsAutoConfiguration.class))
			.withBean(BindableService.class, () -> new HealthStatusManager().getHealthService())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void tlsWhenNoGrpcServiceBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					HipaaGrpcTlsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HipaaGrpcTlsServerFactory.class)
				.doesNotHaveBean(HipaaGrpcTlsKeyMaterial.class));
	}

	private static String[] bundleProperties() {
		return new String[] { "spring.grpc.server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=file:" + directory.resolve("server.crt"),
				"spring.ssl.bundle.pem.server.keystore.private-key=file:" + directory.resolve("server.key") };
	}

}
