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

package io.github.hipaagrpc.sample;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.access.HipaaGrpcAccessBreakGlassInterceptor;
import io.github.hipaagrpc.sample.dev.DevPki;
import io.github.hipaagrpc.sample.proto.ClinicalRecordsGrpc;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrant;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrpc;
import io.github.hipaagrpc.sample.proto.ExportAuditTrailRequest;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.proto.ListEmergencyAccessesRequest;
import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.test.SecuredChannels;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of break-glass emergency access in the sample: a provider declaring
 * ETREAT reads a chart only once they give a reason, and an auditor lists the grant with
 * the calls made under it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = "sample.scenario.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class EmergencyAccessEndToEndTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int GRPC_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final String REASON = "Walk-in unable to speak, medication history needed";

	@Autowired
	private DevPki devPki;

	private final TokenClient tokens = new TokenClient(URI.create("http://localhost:" + HTTP_PORT + "/oauth2/token"),
			"dev-secret");

	private ManagedChannel channel;

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> HTTP_PORT);
		registry.add("spring.grpc.server.port", () -> GRPC_PORT);
		registry.add("hipaa.grpc.tls.probe.port", () -> "0");
	}

	@BeforeEach
	void openChannel() {
		this.channel = SecuredChannels.tls("localhost", GRPC_PORT, this.devPki.caCertificate());
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void readChartInEmergencyWhenReasonIsGivenIsOkAndTheAuditorListsTheGrant(CapturedOutput output) {
		Instant from = Instant.now().minusSeconds(1);
		Status refused = read("er-provider-client", null);
		assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(refused.getDescription())
			.isEqualTo(HipaaGrpcAccessBreakGlassInterceptor.REASON_REQUIRED_DESCRIPTION);
		assertThat(read("er-provider-client", REASON).getCode()).isEqualTo(Status.Code.OK);
		assertThat(read("er-provider-client", null).getCode()).isEqualTo(Status.Code.OK);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(list(from)).singleElement().satisfies((grant) -> {
				assertThat(grant.getPrincipal()).isEqualTo("er-provider-client");
				assertThat(grant.getRolesList()).containsExactly("PROVIDER");
				assertThat(grant.getReason()).isEqualTo(REASON);
				assertThat(grant.getCallCount()).isEqualTo(2);
				assertThat(Duration.between(instant(grant.getGrantedAt()), instant(grant.getExpiresAt())))
					.isEqualTo(Duration.ofMinutes(15));
			}));
		String grantId = list(from).get(0).getGrantId();
		assertThat(exportedEmergencyGrants(from)).contains(grantId);
		assertThat(output).doesNotContain(REASON);
	}

	@Test
	void readChartInEmergencyWhenProviderDeclaresTreatmentIsPermissionDenied() {
		assertThat(read("provider-client", REASON).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void listEmergencyAccessesWhenProviderIsPermissionDenied() {
		assertThat(catchStatus(() -> list("er-provider-client", Instant.now().minusSeconds(60))))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	private Status read(String clientId, @Nullable String reason) {
		Metadata headers = new Metadata();
		if (reason != null) {
			headers.put(HipaaGrpcAccessBreakGlassInterceptor.REASON_HEADER, reason);
		}
		try {
			stub(clientId).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.readChartInEmergency(GetChartRequest.newBuilder().setPatientId("FAKE-PT-0001").build());
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	private List<String> exportedEmergencyGrants(Instant from) {
		ExportAuditTrailRequest request = ExportAuditTrailRequest.newBuilder()
			.setFrom(timestamp(from))
			.setTo(timestamp(Instant.now().plusSeconds(1)))
			.build();
		List<String> grants = new ArrayList<>();
		ClinicalRecordsGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withCallCredentials(this.tokens.fetch("auditor-client").callCredentials())
			.exportAuditTrail(request)
			.forEachRemaining((record) -> grants.add(record.getEmergencyGrant()));
		return grants;
	}

	private List<EmergencyAccessGrant> list(Instant from) {
		return list("auditor-client", from);
	}

	private List<EmergencyAccessGrant> list(String clientId, Instant from) {
		ListEmergencyAccessesRequest request = ListEmergencyAccessesRequest.newBuilder()
			.setFrom(timestamp(from))
			.setTo(timestamp(Instant.now().plusSeconds(1)))
			.build();
		List<EmergencyAccessGrant> grants = new ArrayList<>();
		stub(clientId).listEmergencyAccesses(request).forEachRemaining(grants::add);
		return grants;
	}

	private EmergencyAccessGrpc.EmergencyAccessBlockingStub stub(String clientId) {
		return EmergencyAccessGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withCallCredentials(this.tokens.fetch(clientId).callCredentials());
	}

	private static Status.Code catchStatus(Runnable call) {
		try {
			call.run();
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	private static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

}
