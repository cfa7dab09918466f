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
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProbeServer;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProbeStartedEvent;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.grpc.test.autoconfigure.TestGrpcTransportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ProbeListenerConfiguration}.
 */
class ProbeListenerConfigurationTests {

	@TempDir
	@SuppressWarnings("NullAway.Init")
	static Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcServerHealthAutoConfiguration.class, HipaaGrpcTlsAutoConfiguration.class))
		.withBean(RecordsService.class)
		.withPropertyValues(runnerProperties());

	@BeforeAll
	static void writeServerCertificate() throws IOException {
		TestPki.create().issueServer("localhost", "127.0.0.1").writePem(directory, "server");
	}

	@Test
	void probeListenerWhenNotEnabledIsAbsent() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasBean(ProbeListenerConfiguration.SERVER_LIFECYCLE)
			.hasSingleBean(HealthStatusManager.class)
			.doesNotHaveBean(HipaaGrpcTlsProbeServer.class)
			.doesNotHaveBean(LocalProbePortListener.class));
	}

	@Test
	void probeListenerWhenEnabledListensAndPublishesItsPort() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcTlsProbeServer.class);
			HipaaGrpcTlsProbeServer probe = context.getBean(HipaaGrpcTlsProbeServer.class);
			assertThat(probe.isRunning()).isTrue();
			assertThat(probe.getPort()).isPositive();
			assertThat(context.getEnvironment().getProperty(LocalProbePortListener.PORT_PROPERTY, Integer.class))
				.isEqualTo(probe.getPort());
		});
	}

	@Test
	void probeListenerWhenAddressIsSetListensOnThatAddressOnly() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.address=127.0.0.2")
			.run((context) -> {
				int port = context.getBean(HipaaGrpcTlsProbeServer.class).getPort();
				ManagedChannel channel = SecuredChannels.plaintext("127.0.0.2", port);
				try {
					HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
						.withDeadlineAfter(Duration.ofSeconds(30))
						.check(HealthCheckRequest.getDefaultInstance());
					assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
				}
				finally {
					channel.shutdownNow();
				}
				assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> new Socket(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), port).close());
			});
	}

	@Test
	void probeListenerWhenContextStartsAndStopsRunsOnlyWhileTheTlsListenerRuns() {
		AtomicReference<HipaaGrpcTlsProbeServer> probe = new AtomicReference<>();
		AtomicReference<LifecycleRecorder> recorder = new AtomicReference<>();
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true")
			.withBean(LifecycleRecorder.class)
			.run((context) -> {
				probe.set(context.getBean(HipaaGrpcTlsProbeServer.class));
				recorder.set(context.getBean(LifecycleRecorder.class));
			});
		assertThat(recorder).hasValueSatisfying((value) -> assertThat(value.events).containsExactly("tls started",
				"probe started", "tls stopping, probe running: false"));
		assertThat(probe).hasValueSatisfying((value) -> {
			assertThat(value.isRunning()).isFalse();
			assertThat(value.getPort()).isEqualTo(-1);
		});
	}

	@Test
	void probeListenerWhenNoHealthStatusManagerFailsNamingTheSwitch() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					HipaaGrpcTlsAutoConfiguration.class))
			.withBean(RecordsService.class)
			.withPropertyValues(runnerProperties())
			.withPropertyValues("hipaa.grpc.tls.probe.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.probe.enabled")
				.hasMessageContaining("HealthStatusManager"));
	}

	@Test
	void probeListenerWhenHealthServiceDisabledFailsNamingTheSwitch() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "spring.grpc.server.health.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.probe.enabled"));
	}

	@Test
	void probeListenerWhenAddressIsNotAHostFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.address=[::1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.probe.address"));
	}

	@Test
	void probeListenerWhenAddressIsBlankFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.address= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.probe.address"));
	}

	@Test
	void probeListenerWhenPortIsOutOfRangeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.port=65536")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.probe.port"));
	}

	@Test
	void probeListenerWhenServerIsInProcessBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TestGrpcTransportAutoConfiguration.class,
					SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					GrpcServerHealthAutoConfiguration.class, HipaaGrpcTlsAutoConfiguration.class))
			.withBean(RecordsService.class)
			.withPropertyValues("hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.port=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HealthStatusManager.class)
				.doesNotHaveBean(HipaaGrpcTlsProbeServer.class));
	}

	@Test
	void probeListenerWhenUserDefinesOneUsesIt() {
		HipaaGrpcTlsProbeServer own = new HipaaGrpcTlsProbeServer(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new HealthStatusManager(), (event) -> {
				});
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.probe.enabled=true")
			.withBean(HipaaGrpcTlsProbeServer.class, () -> own)
			.run((context) -> assertThat(context).getBean(HipaaGrpcTlsProbeServer.class).isSameAs(own));
	}

	private static String[] runnerProperties() {
		return new String[] { "spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
				"hipaa.grpc.tls.probe.port=0", "spring.grpc.server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=file:" + directory.resolve("server.crt"),
				"spring.ssl.bundle.pem.server.keystore.private-key=file:" + directory.resolve("server.key") };
	}

	/**
	 * Minimal gRPC service so that the TLS listener starts.
	 */
	static class RecordsService extends TestRecordsGrpc.TestRecordsImplBase {

	}

	/**
	 * Records the order in which the two listeners start and stop.
	 */
	static class LifecycleRecorder implements ApplicationListener<ApplicationEvent> {

		private final List<String> events = new CopyOnWriteArrayList<>();

		private final ObjectProvider<HipaaGrpcTlsProbeServer> probe;

		LifecycleRecorder(ObjectProvider<HipaaGrpcTlsProbeServer> probe) {
			this.probe = probe;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof GrpcServerStartedEvent) {
				this.events.add("tls started");
			}
			else if (event instanceof HipaaGrpcTlsProbeStartedEvent) {
				this.events.add("probe started");
			}
			else if (event instanceof GrpcServerShutdownEvent) {
				this.events.add("tls stopping, probe running: " + this.probe.getObject().isRunning());
			}
		}

	}

}
