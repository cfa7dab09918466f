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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsHandshakeMetrics;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProbeServer;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerContext;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for mesh mode in {@link HipaaGrpcTlsAutoConfiguration}: the listener serves
 * plaintext on a loopback address behind a service mesh sidecar.
 */
@ExtendWith(OutputCaptureExtension.class)
class MeshServerConfigurationTests {

	@TempDir
	@SuppressWarnings("NullAway.Init")
	static Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class, HipaaGrpcTlsAutoConfiguration.class))
		.withBean(HoldingRecordsService.class)
		.withPropertyValues("hipaa.grpc.tls.mesh.enabled=true", "spring.grpc.server.port=0",
				"spring.grpc.server.address=127.0.0.1");

	@BeforeAll
	static void writeServerCertificate() throws IOException {
		TestPki.create().issueServer("localhost", "127.0.0.1").writePem(directory, "server");
	}

	@Test
	void meshWhenEnabledServesPlaintextOnLoopbackWithoutKeyMaterial() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(HipaaGrpcTlsServerFactory.class)
				.hasSingleBean(PlaintextServerGuard.class)
				.doesNotHaveBean(HipaaGrpcTlsKeyMaterial.class)
				.doesNotHaveBean(HipaaGrpcTlsServerContext.class)
				.doesNotHaveBean(HipaaGrpcTlsHandshakeMetrics.class);
			assertThat(context.getBean(HipaaGrpcTlsServerFactory.class).context()).isNull();
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(check("127.0.0.1", port, "")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
		});
	}

	@Test
	void meshWhenEnabledRefusesTlsClients() {
		this.contextRunner.run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			ManagedChannel channel = SecuredChannels.tls("127.0.0.1", port, TestPki.create().caCertificate());
			try {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> HealthGrpc.newBlockingStub(channel)
						.withDeadlineAfter(10, TimeUnit.SECONDS)
						.check(HealthCheckRequest.getDefaultInstance()))
					.extracting(StatusRuntimeException::getStatus)
					.extracting(Status::getCode)
					.isEqualTo(Status.Code.UNAVAILABLE);
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		});
	}

	@Test
	void meshWhenEnabledLogsAddressAndTrustedProxies(CapturedOutput output) {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.mesh.trusted-proxies=127.0.0.6/32")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("gRPC server listens in plaintext on '127.0.0.1:0'")
			.contains("mesh mode")
			.contains("[127.0.0.6/32]");
	}

	@Test
	void meshWhenListeningOnLocalhostStarts() {
		this.contextRunner.withPropertyValues("spring.grpc.server.address=localhost")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HipaaGrpcTlsServerFactory.class));
	}

	@Test
	void meshWhenListeningOnIpv6LoopbackServesThere() {
		this.contextRunner.withPropertyValues("spring.grpc.server.address=::1").run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(check("::1", port, "")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check("127.0.0.1", port, ""));
		});
	}

	@Test
	void meshWhenAddressUnsetFailsNamingTheAddressAndMeshMode() {
		this.contextRunner.withPropertyValues("spring.grpc.server.address=")
			.run(failsNaming("spring.grpc.server.address", "hipaa.grpc.tls.mesh.enabled"));
	}

	@Test
	void meshWhenAddressIsTheWildcardFailsNamingTheAddressAndMeshMode() {
		this.contextRunner.withPropertyValues("spring.grpc.server.address=0.0.0.0")
			.run(failsNaming("spring.grpc.server.address", "hipaa.grpc.tls.mesh.enabled"));
	}

	@Test
	void meshWhenAddressIsNotLoopbackFailsNamingTheAddressAndMeshMode() {
		this.contextRunner.withPropertyValues("spring.grpc.server.address=10.1.2.3")
			.run(failsNaming("spring.grpc.server.address", "hipaa.grpc.tls.mesh.enabled"));
	}

	@Test
	void meshWhenSslBundleConfiguredFailsNamingTheBundleAndMeshMode() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.run(failsNaming("spring.grpc.server.ssl.bundle", "hipaa.grpc.tls.mesh.enabled"));
	}

	@Test
	void meshWhenSslBundleConfiguredButSslDisabledStarts() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcTlsKeyMaterial.class));
	}

	@Test
	void meshWhenClientCertificatesRequestedFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.grpc.server.ssl.client-auth=require")
			.run(failsNaming("spring.grpc.server.ssl.client-auth", "hipaa.grpc.tls.mesh.enabled"));
	}

	@Test
	void meshWhenCertificateSourceIssuesCertificatesFailsNamingTheSource() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.certificate.source=vault")
			.run(failsNaming("hipaa.grpc.tls.certificate.source", "hipaa.grpc.tls.mesh.enabled"));
	}

	@Test
	void meshWhenStreamLimitIsNotPositiveFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.max-concurrent-streams=0")
			.run(failsNaming("hipaa.grpc.tls.max-concurrent-streams"));
	}

	@Test
	void meshWhenInboundMessageLimitSetAppliesIt() {
		this.contextRunner.withPropertyValues("spring.grpc.server.inbound.message.max-size=64B").run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(check("127.0.0.1", port, "")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> check("127.0.0.1", port, "x".repeat(100)))
				.extracting(StatusRuntimeException::getStatus)
				.extracting(Status::getCode)
				.isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		});
	}

	@Test
	void meshWhenProbeListenerEnabledStartsIt() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.port=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(HipaaGrpcTlsProbeServer.class)
				.satisfies((probe) -> assertThat(probe.isRunning()).isTrue()));
	}

	@Test
	void meshWhenDisabledKeepsTheTlsListener() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.mesh.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(HipaaGrpcTlsKeyMaterial.class)
					.hasSingleBean(HipaaGrpcTlsHandshakeMetrics.class);
				assertThat(context.getBean(HipaaGrpcTlsServerFactory.class).context()).isNotNull();
			});
	}

	private static HealthCheckResponse.ServingStatus check(String host, int port, String service)
			throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
		try {
			HealthCheckRequest request = HealthCheckRequest.newBuilder().setService(service).build();
			return HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.check(request)
				.getStatus();
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private static ContextConsumer<AssertableApplicationContext> failsNaming(String... properties) {
		return (context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContainingAll(properties);
	}

	private static String[] bundleProperties() {
		return new String[] { "spring.grpc.server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=file:" + directory.resolve("server.crt"),
				"spring.ssl.bundle.pem.server.keystore.private-key=file:" + directory.resolve("server.key") };
	}

}
