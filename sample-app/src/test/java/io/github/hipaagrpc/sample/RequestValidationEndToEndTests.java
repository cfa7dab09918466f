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
import io.github.hipaagrpc.sample.dev.DevPki;
import io.github.hipaagrpc.sample.proto.AuditRecord;
import io.github.hipaagrpc.sample.proto.Claim;
import io.github.hipaagrpc.sample.proto.ClaimsReceipt;
import io.github.hipaagrpc.sample.proto.ClinicalRecordsGrpc;
import io.github.hipaagrpc.sample.proto.DispenseRequest;
import io.github.hipaagrpc.sample.proto.DispenseResult;
import io.github.hipaagrpc.sample.proto.ExportAuditTrailRequest;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.proto.UpdateChartRequest;
import io.github.hipaagrpc.sample.records.ClaimRepository;
import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.test.SecuredChannels;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.StreamObserver;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * End-to-end tests for request validation in the sample: requests that break the
 * constraints in {@code clinical_records.proto}, sent over TLS with real tokens, are
 * refused with {@code INVALID_ARGUMENT} naming the field and never its value.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.scenario.enabled=false", "logging.level.io.github.hipaagrpc=debug" })
@ExtendWith(OutputCaptureExtension.class)
class RequestValidationEndToEndTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int GRPC_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final String PATIENT_ID = "FAKE-PT-0001";

	// Looks like an identifier that must never be echoed back or logged.
	private static final String SECRET = "MRN-Quartermaine-55107";

	private static final long TIMEOUT_SECONDS = 10;

	@Autowired
	private DevPki devPki;

	@Autowired
	private ClaimRepository claimRepository;

	private final TokenClient tokens = new TokenClient(URI.create(baseUri() + "/oauth2/token"), "dev-secret");

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
		this.channel.shutdownNow().awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	@Test
	void getChartWhenPatientIdIsMalformedIsInvalidArgumentNamingFieldOnly(CapturedOutput output) {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId(SECRET).build();
		Status status = statusOf(() -> blockingStub("provider-client").getChart(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: patient_id");
		assertThat(output).contains("Rejected request to 'hipaagrpc.sample.v1.ClinicalRecords/GetChart'")
			.doesNotContain(SECRET);
	}

	@Test
	void updateChartWhenNoteIsTooLongIsInvalidArgumentNamingFieldOnly(CapturedOutput output) {
		String note = SECRET + " " + "x".repeat(2000);
		UpdateChartRequest request = UpdateChartRequest.newBuilder().setPatientId(PATIENT_ID).setNote(note).build();
		Status status = statusOf(() -> blockingStub("provider-client").updateChart(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: note");
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void submitClaimsWhenSecondClaimIsInvalidIsInvalidArgumentNamingFieldsOnly(CapturedOutput output) {
		int before = this.claimRepository.count();
		Claim valid = claim("CLM-VALIDATION-" + System.nanoTime(), "99213", 12_500);
		Claim invalid = claim("CLM-VALIDATION-BAD", SECRET, -500);
		Status status = statusOf(() -> submitClaims(valid, invalid));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: procedure_code, amount_cents");
		assertThat(this.claimRepository.count()).isEqualTo(before + 1);
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void dispensePrescriptionsWhenPrescriptionIdIsEmptyIsInvalidArgument() {
		Status status = statusOf(() -> dispensePrescriptions(DispenseRequest.getDefaultInstance()));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: prescription_id");
	}

	@Test
	void exportAuditTrailWhenRangeEndsBeforeItStartsIsInvalidArgument() {
		Instant now = Instant.now();
		Status status = statusOf(() -> exportAuditTrail(now, now.minusSeconds(60)));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: (message:time_range)");
	}

	@Test
	void exportAuditTrailWhenRangeIsLongerThan31DaysIsInvalidArgument() {
		Instant now = Instant.now();
		Status status = statusOf(() -> exportAuditTrail(now.minus(Duration.ofDays(31)).minusSeconds(1), now));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: (message:time_range)");
	}

	@Test
	void exportAuditTrailWhenRangeIsMissingIsInvalidArgumentNamingFields() {
		ExportAuditTrailRequest request = ExportAuditTrailRequest.getDefaultInstance();
		Status status = statusOf(() -> exportAuditTrail("auditor-client", request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: (message:time_range), from, to");
	}

	@Test
	void exportAuditTrailWhenRangeIsReversedAndRoleIsNotAuditorIsInvalidArgument() {
		Instant now = Instant.now();
		ExportAuditTrailRequest request = ExportAuditTrailRequest.newBuilder()
			.setFrom(timestamp(now))
			.setTo(timestamp(now.minusSeconds(60)))
			.build();
		Status status = statusOf(() -> exportAuditTrail("provider-client", request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@Test
	void getChartWhenPatientIdIsMalformedAndNoTokenIsUnauthenticated() {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId(SECRET).build();
		ClinicalRecordsGrpc.ClinicalRecordsBlockingStub stub = deadline(
				ClinicalRecordsGrpc.newBlockingStub(this.channel));
		Status status = statusOf(() -> stub.getChart(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(status.getDescription()).doesNotContain(SECRET);
	}

	private ClaimsReceipt submitClaims(Claim... claims) throws Exception {
		ResponseCollector<ClaimsReceipt> receipts = new ResponseCollector<>();
		StreamObserver<Claim> requests = deadline(ClinicalRecordsGrpc.newStub(this.channel))
			.withCallCredentials(this.tokens.fetch("biller-client").callCredentials())
			.submitClaims(receipts);
		for (Claim claim : claims) {
			requests.onNext(claim);
		}
		requests.onCompleted();
		return receipts.get().get(0);
	}

	private List<DispenseResult> dispensePrescriptions(DispenseRequest request) throws Exception {
		ResponseCollector<DispenseResult> results = new ResponseCollector<>();
		StreamObserver<DispenseRequest> requests = deadline(ClinicalRecordsGrpc.newStub(this.channel))
			.withCallCredentials(this.tokens.fetch("pharmacist-client").callCredentials())
			.dispensePrescriptions(results);
		requests.onNext(request);
		requests.onCompleted();
		return results.get();
	}

	private List<AuditRecord> exportAuditTrail(Instant from, Instant to) {
		ExportAuditTrailRequest request = ExportAuditTrailRequest.newBuilder()
			.setFrom(timestamp(from))
			.setTo(timestamp(to))
			.build();
		return exportAuditTrail("auditor-client", request);
	}

	private List<AuditRecord> exportAuditTrail(String clientId, ExportAuditTrailRequest request) {
		List<AuditRecord> records = new ArrayList<>();
		blockingStub(clientId).exportAuditTrail(request).forEachRemaining(records::add);
		return records;
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	private static Claim claim(String claimId, String procedureCode, long amountCents) {
		return Claim.newBuilder()
			.setClaimId(claimId)
			.setPatientId(PATIENT_ID)
			.setProcedureCode(procedureCode)
			.setAmountCents(amountCents)
			.build();
	}

	private ClinicalRecordsGrpc.ClinicalRecordsBlockingStub blockingStub(String clientId) {
		return deadline(ClinicalRecordsGrpc.newBlockingStub(this.channel))
			.withCallCredentials(this.tokens.fetch(clientId).callCredentials());
	}

	private <S extends AbstractStub<S>> S deadline(S stub) {
		return stub.withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	private static Status statusOf(ThrowingCallable call) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).as("call failed").isNotNull();
		return Status.fromThrowable(thrown);
	}

	private static String baseUri() {
		return "http://localhost:" + HTTP_PORT;
	}

}
