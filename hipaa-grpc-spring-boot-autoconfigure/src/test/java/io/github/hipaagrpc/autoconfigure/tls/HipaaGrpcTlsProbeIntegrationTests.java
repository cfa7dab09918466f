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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.hipaagrpc.actuate.GrpcServerCertificateHealthIndicator;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the plaintext health probe listener over real sockets, beside the TLS
 * listener, with Spring Boot's gRPC health service and health indicators. Spring Boot's
 * Redis health indicator, which the optional Redis support of this module's test
 * classpath brings, is off: no Redis runs for these tests.
 */
@SpringBootTest(classes = HipaaGrpcTlsProbeIntegrationTests.ProbedServerConfiguration.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "hipaa.grpc.tls.probe.enabled=true", "hipaa.grpc.tls.probe.port=0",
				"spring.grpc.server.health.schedule.delay=0s", "spring.grpc.server.health.schedule.period=200ms",
				"management.health.redis.enabled=false" })
class HipaaGrpcTlsProbeIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Value("${local.grpc.server.port}")
	private int port;

	@Value("${local.hipaa.grpc.probe.port}")
	private int probePort;

	@Autowired
	private HealthStatusManager healthStatusManager;

	@Autowired
	private HipaaGrpcTlsKeyMaterial keyMaterial;

	@Autowired
	private GrpcServerCertificateHealthIndicator certificateHealthIndicator;

	@Autowired
	private Map<String, HealthIndicator> healthIndicators;

	private ManagedChannel probe;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		support.registerProperties(registry);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@BeforeEach
	void openProbeChannel() {
		this.probe = NettyChannelBuilder.forAddress("127.0.0.1", this.probePort).usePlaintext().build();
	}

	@AfterEach
	void closeProbeChannel() {
		this.probe.shutdownNow();
	}

	@Test
	void probeWhenCheckedWithoutTlsIsServing() {
		assertThat(this.probePort).isPositive().isNotEqualTo(this.port);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(check(this.probe, "")).as(this::indicatorStatuses)
				.isEqualTo(ServingStatus.SERVING));
	}

	private String indicatorStatuses() {
		StringBuilder statuses = new StringBuilder("Health indicators:");
		this.healthIndicators
			.forEach((name, indicator) -> statuses.append(' ').append(name).append('=').append(indicator.health()));
		return statuses.toString();
	}

	@Test
	void probeWhenOtherServiceCalledIsUnimplemented() {
		RecordRequest request = RecordRequest.newBuilder().setId("x").build();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> TestRecordsGrpc.newBlockingStub(this.probe).withDeadlineAfter(TIMEOUT).read(request))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
	}

	@Test
	void probeWhenServiceStatusChangesAnswersAsTheTlsListener() {
		String service = "hipaa.test.ProbeStatus";
		ManagedChannel tls = support.channel(this.port);
		try {
			this.healthStatusManager.setStatus(service, ServingStatus.NOT_SERVING);
			assertThat(check(this.probe, service)).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(check(tls, service)).isEqualTo(ServingStatus.NOT_SERVING);
			this.healthStatusManager.setStatus(service, ServingStatus.SERVING);
			assertThat(check(this.probe, service)).isEqualTo(ServingStatus.SERVING);
			assertThat(check(tls, service)).isEqualTo(ServingStatus.SERVING);
		}
		finally {
			this.healthStatusManager.clearStatus(service);
			tls.shutdownNow();
		}
	}

	@Test
	void probeWhenServiceIsUnknownAnswersNotFound() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> check(this.probe, "hipaa.test.Unknown"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
	}

	@Test
	void tlsListenerWhenPlaintextClientIsRefused() {
		ManagedChannel plaintext = SecuredChannels.plaintext("127.0.0.1", this.port);
		try {
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check(plaintext, ""))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE,
						Status.Code.INTERNAL, Status.Code.UNKNOWN));
		}
		finally {
			plaintext.shutdownNow();
		}
	}

	@Test
	void probeWhenServingCertificateExpiresIsNotServingUntilRenewed() {
		Instant now = Instant.now();
		TestCertificate expired = support.pki()
			.issueServer(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), "localhost", "127.0.0.1");
		try {
			this.keyMaterial.update(expired.privateKey(), expired.chain());
			assertThat(this.certificateHealthIndicator.health().getDetails()).containsEntry("serial",
					expired.certificate().getSerialNumber().toString(16));
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(check(this.probe, "")).isEqualTo(ServingStatus.NOT_SERVING));
		}
		finally {
			TestCertificate renewed = support.pki().issueServer("localhost", "127.0.0.1");
			this.keyMaterial.update(renewed.privateKey(), renewed.chain());
		}
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(check(this.probe, "")).isEqualTo(ServingStatus.SERVING));
	}

	private static ServingStatus check(ManagedChannel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(TIMEOUT)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ProbedServerConfiguration {

		@Bean
		RecordsService recordsService() {
			return new RecordsService();
		}

	}

	/**
	 * Minimal gRPC service on the TLS listener, which the probe listener must not serve.
	 */
	static class RecordsService extends TestRecordsGrpc.TestRecordsImplBase {

	}

}
