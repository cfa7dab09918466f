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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionException;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.sample.dev.DevPki;
import io.github.hipaagrpc.sample.proto.AuditRecord;
import io.github.hipaagrpc.sample.proto.Chart;
import io.github.hipaagrpc.sample.proto.Claim;
import io.github.hipaagrpc.sample.proto.ClaimsReceipt;
import io.github.hipaagrpc.sample.proto.ClinicalRecordsGrpc;
import io.github.hipaagrpc.sample.proto.DispenseOutcome;
import io.github.hipaagrpc.sample.proto.DispenseRequest;
import io.github.hipaagrpc.sample.proto.DispenseResult;
import io.github.hipaagrpc.sample.proto.ExportAuditTrailRequest;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.proto.ListPrescriptionsRequest;
import io.github.hipaagrpc.sample.proto.Prescription;
import io.github.hipaagrpc.sample.proto.UpdateChartRequest;
import io.github.hipaagrpc.sample.records.ChartRepository;
import io.github.hipaagrpc.sample.records.StoredChartNote;
import io.github.hipaagrpc.sample.records.StoredChartNoteRepository;
import io.github.hipaagrpc.sample.scenario.AccessToken;
import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.test.SecuredChannels;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * End-to-end tests for the sample: the whole application with its authorization server
 * and its TLS gRPC server, called over real sockets with real tokens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT, properties = "sample.scenario.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
class ClinicalRecordsEndToEndTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int GRPC_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final String PATIENT_ID = "FAKE-PT-0001";

	private static final long TIMEOUT_SECONDS = 10;

	private static final String GET_CHART = "hipaagrpc.sample.v1.ClinicalRecords/GetChart";

	private static final String EXPORT_AUDIT_TRAIL = "hipaagrpc.sample.v1.ClinicalRecords/ExportAuditTrail";

	@Autowired
	private DevPki devPki;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private StoredChartNoteRepository storedNotes;

	@Value("${local.hipaa.grpc.probe.port}")
	private int probePort;

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
	void getChartWhenProviderIsOk() {
		Chart chart = getChart("provider-client");
		assertThat(chart.getPatientId()).isEqualTo(PATIENT_ID);
		assertThat(chart.getDisplayName()).isEqualTo("Alex Example");
	}

	@Test
	void getChartWhenAuditorIsOk() {
		assertThat(getChart("auditor-client").getPatientId()).isEqualTo(PATIENT_ID);
	}

	@Test
	void getChartWhenPharmacistIsPermissionDenied() {
		assertThat(statusOf(() -> getChart("pharmacist-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void getChartWhenBillerIsPermissionDenied() {
		assertThat(statusOf(() -> getChart("biller-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void getChartWhenPatientIsUnknownToProviderIsPermissionDenied() {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId("FAKE-PT-9999").build();
		assertThat(statusOf(() -> blockingStub("provider-client").getChart(request)))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void getChartWhenPatientIsUnknownToAuditorIsNotFound() {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId("FAKE-PT-9999").build();
		assertThat(statusOf(() -> blockingStub("auditor-client").getChart(request))).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void getChartWhenProviderIsAtAnotherFacilityIsPermissionDenied() {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId("FAKE-PT-0003").build();
		assertThat(statusOf(() -> blockingStub("provider-client").getChart(request)))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void getChartWhenProviderIsAtTheChartsFacilityForTreatmentIsOk() {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId("FAKE-PT-0003").build();
		Chart chart = blockingStub("south-provider-client").getChart(request);
		assertThat(chart.getFacilityId()).isEqualTo("south");
		assertThat(statusOf(() -> blockingStub("south-provider-client")
			.getChart(GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build())))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void getChartWhenStoreFailsIsInternalWithCorrelationIdInStatusTrailersAndLog(CapturedOutput output) {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId(ChartRepository.FAULTY_PATIENT_ID).build();
		Throwable thrown = catchThrowable(() -> blockingStub("provider-client").getChart(request));
		assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
		StatusRuntimeException ex = (StatusRuntimeException) thrown;
		Metadata trailers = ex.getTrailers();
		String id = (trailers != null) ? trailers.get(CorrelationId.METADATA_KEY) : null;
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(id).isNotNull();
		assertThat(ex.getStatus().getDescription()).isEqualTo("Internal error; try again later (id: " + id + ")");
		assertThat(output).contains("Call '" + id + "' failed with INTERNAL");
	}

	@Test
	void updateChartWhenProviderIsOk() {
		Chart before = getChart("provider-client");
		Chart after = updateChart("provider-client");
		assertThat(after.getVersion()).isGreaterThan(before.getVersion());
		assertThat(after.getNotes(after.getNotesCount() - 1).getAuthor()).isEqualTo("provider-client");
	}

	@Test
	void updateChartWhenProviderStoresTheNoteEncrypted() {
		updateChart("provider-client");
		assertThat(this.jdbc.queryForList("select text from chart_note where patient_id = ?", String.class, PATIENT_ID))
			.isNotEmpty()
			.allSatisfy((stored) -> assertThat(stored).doesNotContain("Follow-up"));
		assertThat(this.storedNotes.findByPatientId(PATIENT_ID)).isNotEmpty()
			.allSatisfy((note) -> assertThat(note.getText()).isEqualTo("Follow-up in two weeks."));
	}

	@Test
	void storedNoteWhenAlteredInTheDatabaseFailsToLoadThroughTheRepository() {
		StoredChartNote note = this.storedNotes
			.save(new StoredChartNote("FAKE-PT-0003", "provider-client", "Mild hypertension", Instant.now()));
		UUID id = note.getId();
		if (id == null) {
			throw new IllegalStateException("No id assigned");
		}
		String stored = this.jdbc.queryForObject("select text from chart_note where id = ?", String.class, id);
		byte[] altered = Base64.getDecoder().decode(stored);
		altered[altered.length - 1] ^= 0x01;
		this.jdbc.update("update chart_note set text = ? where id = ?", Base64.getEncoder().encodeToString(altered),
				id);
		assertThatExceptionOfType(HipaaGrpcEncryptionException.class).isThrownBy(() -> this.storedNotes.findById(id))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.TAMPERED));
	}

	@Test
	void updateChartWhenAuditorIsPermissionDenied() {
		assertThat(statusOf(() -> updateChart("auditor-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void updateChartWhenPharmacistIsPermissionDenied() {
		assertThat(statusOf(() -> updateChart("pharmacist-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void updateChartWhenBillerIsPermissionDenied() {
		assertThat(statusOf(() -> updateChart("biller-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void listPrescriptionsWhenPharmacistIsOk() {
		assertThat(listPrescriptions("pharmacist-client")).extracting(Prescription::getPrescriptionId)
			.containsExactly("RX-1001", "RX-1002");
	}

	@Test
	void listPrescriptionsWhenProviderIsOk() {
		assertThat(listPrescriptions("provider-client")).isNotEmpty()
			.allSatisfy((prescription) -> assertThat(prescription.getPatientId()).isEqualTo(PATIENT_ID));
	}

	@Test
	void listPrescriptionsWhenBillerIsPermissionDenied() {
		assertThat(statusOf(() -> listPrescriptions("biller-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void listPrescriptionsWhenAuditorIsPermissionDenied() {
		assertThat(statusOf(() -> listPrescriptions("auditor-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void submitClaimsWhenBillerIsOk() throws Exception {
		ClaimsReceipt receipt = submitClaims(token("biller-client"));
		assertThat(receipt.getAcceptedCount() + receipt.getRejectedClaimIdsCount()).isEqualTo(2);
		assertThat(receipt.getRejectedClaimIdsList()).contains("CLM-E2E-UNKNOWN-PATIENT");
	}

	@Test
	void submitClaimsWhenProviderIsPermissionDenied() {
		assertThat(statusOf(() -> submitClaims(token("provider-client")))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void submitClaimsWhenPharmacistIsPermissionDenied() {
		assertThat(statusOf(() -> submitClaims(token("pharmacist-client")))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void submitClaimsWhenAuditorIsPermissionDenied() {
		assertThat(statusOf(() -> submitClaims(token("auditor-client")))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void dispensePrescriptionsWhenPharmacistIsOk() throws Exception {
		List<DispenseResult> results = dispensePrescriptions("pharmacist-client");
		assertThat(results).extracting(DispenseResult::getOutcome)
			.containsExactly(DispenseOutcome.DISPENSE_OUTCOME_NO_REFILLS_LEFT,
					DispenseOutcome.DISPENSE_OUTCOME_UNKNOWN_PRESCRIPTION);
	}

	@Test
	void dispensePrescriptionsWhenProviderIsPermissionDenied() {
		assertThat(statusOf(() -> dispensePrescriptions("provider-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void dispensePrescriptionsWhenBillerIsPermissionDenied() {
		assertThat(statusOf(() -> dispensePrescriptions("biller-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void dispensePrescriptionsWhenAuditorIsPermissionDenied() {
		assertThat(statusOf(() -> dispensePrescriptions("auditor-client"))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void exportAuditTrailWhenAuditorListsEarlierCallWithItsPatient() {
		Instant from = Instant.now();
		String readId = chartReadCorrelationId(token("provider-client").callCredentials());
		List<AuditRecord> records = awaitExport(from, (record) -> readId.equals(record.getCorrelationId()));
		assertThat(records).isSortedAccordingTo(Comparator.comparing((record) -> instant(record.getRecordedAt())));
		assertThat(records).filteredOn((record) -> readId.equals(record.getCorrelationId()))
			.singleElement()
			.satisfies((record) -> {
				assertThat(record.getRecordType()).isEqualTo("CALL");
				assertThat(record.getMethod()).isEqualTo(GET_CHART);
				assertThat(record.getPrincipal()).isEqualTo("provider-client");
				assertThat(record.getRolesList()).containsExactly("PROVIDER");
				assertThat(record.getAuthenticationKind()).isEqualTo("jwt");
				assertThat(record.getStatusCode()).isEqualTo("OK");
				assertThat(record.getDecision()).isEqualTo("ALLOWED");
				assertThat(record.getResourceReference()).isEqualTo("Patient/" + PATIENT_ID);
				assertThat(record.getReplica()).isNotEmpty();
				assertThat(record.getChainId()).isNotEmpty();
				assertThat(record.getChainSequence()).isPositive();
				assertThat(instant(record.getRecordedAt())).isBetween(from, Instant.now());
			});
	}

	@Test
	void exportAuditTrailWhenAuditorHoldsNoToken() {
		String providerToken = rawToken("provider-client");
		String auditorToken = rawToken("auditor-client");
		Instant from = Instant.now();
		String readId = chartReadCorrelationId(SecuredChannels.bearer(providerToken));
		List<AuditRecord> records = awaitExport(from, SecuredChannels.bearer(auditorToken),
				(record) -> readId.equals(record.getCorrelationId()));
		assertThat(records).isNotEmpty()
			.allSatisfy((record) -> assertThat(record.toString()).doesNotContain(providerToken)
				.doesNotContain(auditorToken)
				.doesNotContain("eyJ"));
	}

	@Test
	void exportAuditTrailWhenExportedAgainListsEarlierExport() {
		Instant from = Instant.now();
		AtomicReference<@Nullable Metadata> trailers = new AtomicReference<>();
		ExportAuditTrailRequest request = exportRequest(from.minusSeconds(60), from);
		List<AuditRecord> earlier = new ArrayList<>();
		blockingStub("auditor-client")
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
			.exportAuditTrail(request)
			.forEachRemaining(earlier::add);
		String exportId = correlationId(trailers);
		List<AuditRecord> records = awaitExport(from, (record) -> record.getCorrelationId().equals(exportId));
		assertThat(records).filteredOn((record) -> record.getCorrelationId().equals(exportId))
			.singleElement()
			.satisfies((record) -> {
				assertThat(record.getMethod()).isEqualTo(EXPORT_AUDIT_TRAIL);
				assertThat(record.getPrincipal()).isEqualTo("auditor-client");
				assertThat(record.getRolesList()).containsExactly("AUDITOR");
				assertThat(record.getStatusCode()).isEqualTo("OK");
				assertThat(record.getResourceReference())
					.isEqualTo("AuditTrail?from=" + from.minusSeconds(60) + "&to=" + from);
			});
	}

	@Test
	void exportAuditTrailWhenProviderIsPermissionDeniedAndRecordedAsDenied() {
		Instant from = Instant.now();
		ExportAuditTrailRequest request = exportRequest(from.minusSeconds(60), from);
		assertThat(statusOf(() -> exportAuditTrail("provider-client", request)))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
		List<AuditRecord> records = awaitExport(from, (record) -> isDeniedExport(record, "provider-client"));
		assertThat(records).filteredOn((record) -> isDeniedExport(record, "provider-client"))
			.singleElement()
			.satisfies((record) -> assertThat(record.getStatusCode()).isEqualTo("PERMISSION_DENIED"));
	}

	@Test
	void exportAuditTrailWhenPharmacistIsPermissionDenied() {
		ExportAuditTrailRequest request = exportRequest(Instant.now().minusSeconds(60), Instant.now());
		assertThat(statusOf(() -> exportAuditTrail("pharmacist-client", request)))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void exportAuditTrailWhenBillerIsPermissionDenied() {
		ExportAuditTrailRequest request = exportRequest(Instant.now().minusSeconds(60), Instant.now());
		assertThat(statusOf(() -> exportAuditTrail("biller-client", request))).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void getChartWhenNoTokenIsUnauthenticated() {
		GetChartRequest request = GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build();
		assertThat(statusOf(() -> deadline(ClinicalRecordsGrpc.newBlockingStub(this.channel)).getChart(request)))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void submitClaimsWhenNoTokenIsUnauthenticated() {
		assertThat(statusOf(() -> submitClaims(null))).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void getChartWhenTokenIsForAnotherAudienceIsUnauthenticated() {
		assertThat(statusOf(() -> getChart("other-service-client"))).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void healthCheckWhenPlaintextOnProbePortIsServing() throws InterruptedException {
		ManagedChannel probe = SecuredChannels.plaintext("localhost", this.probePort);
		try {
			HealthGrpc.HealthBlockingStub health = deadline(HealthGrpc.newBlockingStub(probe));
			assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
				.isEqualTo(ServingStatus.SERVING);
			ClinicalRecordsGrpc.ClinicalRecordsBlockingStub records = deadline(
					ClinicalRecordsGrpc.newBlockingStub(probe));
			assertThat(statusOf(() -> records.getChart(GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build())))
				.isEqualTo(Status.Code.UNIMPLEMENTED);
		}
		finally {
			probe.shutdownNow().awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
	}

	@Test
	void healthCheckWhenNoTokenIsServing() {
		HealthGrpc.HealthBlockingStub health = deadline(HealthGrpc.newBlockingStub(this.channel));
		assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void getChartWhenPlaintextFails() throws InterruptedException {
		ManagedChannel plaintext = SecuredChannels.plaintext("localhost", GRPC_PORT);
		try {
			ClinicalRecordsGrpc.ClinicalRecordsBlockingStub stub = deadline(
					ClinicalRecordsGrpc.newBlockingStub(plaintext))
				.withCallCredentials(token("provider-client").callCredentials());
			GetChartRequest request = GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build();
			assertThat(statusOf(() -> stub.getChart(request))).isEqualTo(Status.Code.UNAVAILABLE);
		}
		finally {
			plaintext.shutdownNow().awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
	}

	@Test
	void serverCertificateWhenDevProfileIsFromDevelopmentCaForOneHour() throws Exception {
		X509Certificate served = new ServedCertificates(GRPC_PORT, this.tokens, this.devPki.caCertificate())
			.readChartOnNewConnection();
		served.verify(this.devPki.caCertificate().getPublicKey());
		Duration lifetime = Duration.between(served.getNotBefore().toInstant(), served.getNotAfter().toInstant());
		assertThat(lifetime).isEqualTo(Duration.ofHours(1).plusSeconds(5));
	}

	@Test
	void tokenEndpointWhenSecretIsWrongIsUnauthorized() {
		TokenClient wrongSecret = new TokenClient(URI.create(baseUri() + "/oauth2/token"), "wrong-secret");
		Throwable thrown = catchThrowable(() -> wrongSecret.fetch("provider-client"));
		assertThat(thrown).isInstanceOfSatisfying(HttpClientErrorException.class,
				(ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
	}

	@Test
	void jwkSetWhenNoCredentialsIsPublished() {
		String jwks = RestClient.create().get().uri(baseUri() + "/oauth2/jwks").retrieve().body(String.class);
		assertThat(jwks).contains("\"keys\"");
	}

	private Chart getChart(String clientId) {
		return blockingStub(clientId).getChart(GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build());
	}

	private Chart updateChart(String clientId) {
		UpdateChartRequest request = UpdateChartRequest.newBuilder()
			.setPatientId(PATIENT_ID)
			.setNote("Follow-up in two weeks.")
			.build();
		return blockingStub(clientId).updateChart(request);
	}

	private List<Prescription> listPrescriptions(String clientId) {
		ListPrescriptionsRequest request = ListPrescriptionsRequest.newBuilder()
			.setPatientId(PATIENT_ID)
			.setActiveOnly(true)
			.build();
		List<Prescription> prescriptions = new ArrayList<>();
		blockingStub(clientId).listPrescriptions(request).forEachRemaining(prescriptions::add);
		return prescriptions;
	}

	private ClaimsReceipt submitClaims(@Nullable AccessToken token) throws Exception {
		ResponseCollector<ClaimsReceipt> receipts = new ResponseCollector<>();
		ClinicalRecordsGrpc.ClinicalRecordsStub stub = deadline(ClinicalRecordsGrpc.newStub(this.channel));
		StreamObserver<Claim> claims = ((token != null) ? stub.withCallCredentials(token.callCredentials()) : stub)
			.submitClaims(receipts);
		claims.onNext(claim("CLM-E2E-" + System.nanoTime(), PATIENT_ID));
		claims.onNext(claim("CLM-E2E-UNKNOWN-PATIENT", "FAKE-PT-9999"));
		claims.onCompleted();
		return receipts.get().get(0);
	}

	private List<DispenseResult> dispensePrescriptions(String clientId) throws Exception {
		ResponseCollector<DispenseResult> results = new ResponseCollector<>();
		StreamObserver<DispenseRequest> requests = deadline(ClinicalRecordsGrpc.newStub(this.channel))
			.withCallCredentials(token(clientId).callCredentials())
			.dispensePrescriptions(results);
		requests.onNext(DispenseRequest.newBuilder().setPrescriptionId("RX-1003").build());
		requests.onNext(DispenseRequest.newBuilder().setPrescriptionId("RX-0000").build());
		requests.onCompleted();
		return results.get();
	}

	private Claim claim(String claimId, String patientId) {
		return Claim.newBuilder()
			.setClaimId(claimId)
			.setPatientId(patientId)
			.setProcedureCode("99213")
			.setAmountCents(12_500)
			.build();
	}

	private String chartReadCorrelationId(CallCredentials credentials) {
		AtomicReference<@Nullable Metadata> trailers = new AtomicReference<>();
		deadline(ClinicalRecordsGrpc.newBlockingStub(this.channel)).withCallCredentials(credentials)
			.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers))
			.getChart(GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build());
		return correlationId(trailers);
	}

	private static String correlationId(AtomicReference<@Nullable Metadata> trailers) {
		Metadata metadata = trailers.get();
		String id = (metadata != null) ? metadata.get(CorrelationId.METADATA_KEY) : null;
		if (id == null) {
			throw new AssertionError("No correlation id in the trailers");
		}
		return id;
	}

	private List<AuditRecord> awaitExport(Instant from, Predicate<AuditRecord> expected) {
		return awaitExport(from, token("auditor-client").callCredentials(), expected);
	}

	// Records are stored a moment after their call ends.
	private List<AuditRecord> awaitExport(Instant from, CallCredentials auditor, Predicate<AuditRecord> expected) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
			.until(() -> export(from, auditor), (records) -> records.stream().anyMatch(expected));
	}

	private List<AuditRecord> export(Instant from, CallCredentials auditor) {
		ExportAuditTrailRequest request = exportRequest(from, Instant.now().plusSeconds(1));
		List<AuditRecord> records = new ArrayList<>();
		deadline(ClinicalRecordsGrpc.newBlockingStub(this.channel)).withCallCredentials(auditor)
			.exportAuditTrail(request)
			.forEachRemaining(records::add);
		return records;
	}

	private List<AuditRecord> exportAuditTrail(String clientId, ExportAuditTrailRequest request) {
		List<AuditRecord> records = new ArrayList<>();
		blockingStub(clientId).exportAuditTrail(request).forEachRemaining(records::add);
		return records;
	}

	private static boolean isDeniedExport(AuditRecord record, String principal) {
		return record.getMethod().equals(EXPORT_AUDIT_TRAIL) && record.getPrincipal().equals(principal)
				&& record.getDecision().equals("DENIED");
	}

	private static ExportAuditTrailRequest exportRequest(Instant from, Instant to) {
		return ExportAuditTrailRequest.newBuilder().setFrom(timestamp(from)).setTo(timestamp(to)).build();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	private static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	private String rawToken(String clientId) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		Map<String, Object> response = RestClient.create()
			.post()
			.uri(baseUri() + "/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(clientId, "dev-secret"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		if (response == null || !(response.get("access_token") instanceof String token)) {
			throw new AssertionError("No access token for '" + clientId + "'");
		}
		return token;
	}

	private ClinicalRecordsGrpc.ClinicalRecordsBlockingStub blockingStub(String clientId) {
		return deadline(ClinicalRecordsGrpc.newBlockingStub(this.channel))
			.withCallCredentials(token(clientId).callCredentials());
	}

	private <S extends AbstractStub<S>> S deadline(S stub) {
		return stub.withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	private AccessToken token(String clientId) {
		return this.tokens.fetch(clientId);
	}

	private static Status.Code statusOf(ThrowingCallable call) {
		Throwable thrown = catchThrowable(call);
		return (thrown != null) ? Status.fromThrowable(thrown).getCode() : Status.Code.OK;
	}

	private static String baseUri() {
		return "http://localhost:" + HTTP_PORT;
	}

}
