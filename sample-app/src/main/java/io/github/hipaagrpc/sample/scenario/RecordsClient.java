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

package io.github.hipaagrpc.sample.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.sample.proto.AuditRecord;
import io.github.hipaagrpc.sample.proto.Claim;
import io.github.hipaagrpc.sample.proto.ClaimsReceipt;
import io.github.hipaagrpc.sample.proto.ClinicalRecordsGrpc;
import io.github.hipaagrpc.sample.proto.DispenseRequest;
import io.github.hipaagrpc.sample.proto.DispenseResult;
import io.github.hipaagrpc.sample.proto.ExportAuditTrailRequest;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.proto.ListPrescriptionsRequest;
import io.github.hipaagrpc.sample.proto.Prescription;
import io.github.hipaagrpc.sample.proto.UpdateChartRequest;
import io.github.hipaagrpc.sample.records.ChartRepository;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * Makes one call of each kind against the clinical records service and tells how it
 * ended, as a status code name.
 */
final class RecordsClient {

	/**
	 * Patient whose chart, prescriptions and claims the calls concern.
	 */
	static final String PATIENT_ID = "FAKE-PT-0001";

	/**
	 * Patient whose chart the south facility keeps.
	 */
	static final String SOUTH_PATIENT_ID = "FAKE-PT-0003";

	private static final Duration RECENT = Duration.ofMinutes(5);

	private final Channel channel;

	private final Duration timeout;

	RecordsClient(Channel channel, Duration timeout) {
		this.channel = channel;
		this.timeout = timeout;
	}

	/**
	 * Make the given call.
	 * @param call the call to make
	 * @param token the bearer token to send, or {@code null} to send none
	 * @return the status code name, {@code OK} on success
	 */
	String call(RecordsCall call, @Nullable AccessToken token) {
		try {
			return switch (call) {
				case GET_CHART -> getChart(token);
				case UPDATE_CHART -> updateChart(token);
				case LIST_PRESCRIPTIONS -> listPrescriptions(token);
				case SUBMIT_CLAIMS -> submitClaims(token);
				case DISPENSE_PRESCRIPTIONS -> dispensePrescriptions(token);
				case EXPORT_AUDIT_TRAIL -> exportRecentAuditTrail(token);
			};
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode().name();
		}
	}

	/**
	 * Read the chart of the given patient.
	 * @param token the bearer token to send
	 * @param patientId the patient whose chart to read
	 * @return the status code name, {@code OK} on success
	 */
	String getChart(AccessToken token, String patientId) {
		try {
			blockingStub(token).getChart(GetChartRequest.newBuilder().setPatientId(patientId).build());
			return "OK";
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode().name();
		}
	}

	/**
	 * Read the chart that the simulated store fails on, to show an internal error.
	 * @param token the bearer token to send
	 * @return the status code name and the correlation id the server returned
	 */
	String getFaultyChart(AccessToken token) {
		try {
			blockingStub(token)
				.getChart(GetChartRequest.newBuilder().setPatientId(ChartRepository.FAULTY_PATIENT_ID).build());
			return "OK";
		}
		catch (StatusRuntimeException ex) {
			Metadata trailers = ex.getTrailers();
			String id = (trailers != null) ? trailers.get(CorrelationId.METADATA_KEY) : null;
			return ex.getStatus().getCode().name() + " (id: " + id + ")";
		}
	}

	/**
	 * Export the audit trail's records of a time range.
	 * @param token the bearer token to send
	 * @param from the start of the range, inclusive
	 * @param to the end of the range, exclusive
	 * @return the records, oldest first
	 * @throws StatusRuntimeException if the call failed
	 */
	List<AuditRecord> exportAuditTrail(AccessToken token, Instant from, Instant to) {
		ExportAuditTrailRequest request = ExportAuditTrailRequest.newBuilder()
			.setFrom(timestamp(from))
			.setTo(timestamp(to))
			.build();
		List<AuditRecord> records = new ArrayList<>();
		blockingStub(token).exportAuditTrail(request).forEachRemaining(records::add);
		return records;
	}

	/**
	 * Ask the standard health service for the server's overall status, without a token.
	 * @return the serving status name, or the status code name when the check failed
	 */
	String checkHealth() {
		try {
			HealthGrpc.HealthBlockingStub health = withDeadline(HealthGrpc.newBlockingStub(this.channel));
			return health.check(HealthCheckRequest.getDefaultInstance()).getStatus().name();
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode().name();
		}
	}

	private String getChart(@Nullable AccessToken token) {
		blockingStub(token).getChart(GetChartRequest.newBuilder().setPatientId(PATIENT_ID).build());
		return "OK";
	}

	private String updateChart(@Nullable AccessToken token) {
		UpdateChartRequest request = UpdateChartRequest.newBuilder()
			.setPatientId(PATIENT_ID)
			.setNote("Reviewed during the sample scenario.")
			.build();
		blockingStub(token).updateChart(request);
		return "OK";
	}

	private String listPrescriptions(@Nullable AccessToken token) {
		ListPrescriptionsRequest request = ListPrescriptionsRequest.newBuilder().setPatientId(PATIENT_ID).build();
		Iterator<Prescription> prescriptions = blockingStub(token).listPrescriptions(request);
		while (prescriptions.hasNext()) {
			prescriptions.next();
		}
		return "OK";
	}

	private String submitClaims(@Nullable AccessToken token) {
		CallOutcome<ClaimsReceipt> outcome = new CallOutcome<>();
		StreamObserver<Claim> claims = asyncStub(token).submitClaims(outcome);
		claims.onNext(claim("CLM-DEMO-1", "99213", 12_500));
		claims.onNext(claim("CLM-DEMO-2", "85025", 3_200));
		claims.onCompleted();
		return outcome.await(this.timeout);
	}

	private String dispensePrescriptions(@Nullable AccessToken token) {
		CallOutcome<DispenseResult> outcome = new CallOutcome<>();
		StreamObserver<DispenseRequest> requests = asyncStub(token).dispensePrescriptions(outcome);
		requests.onNext(DispenseRequest.newBuilder().setPrescriptionId("RX-1001").build());
		requests.onNext(DispenseRequest.newBuilder().setPrescriptionId("RX-1003").build());
		requests.onCompleted();
		return outcome.await(this.timeout);
	}

	private String exportRecentAuditTrail(@Nullable AccessToken token) {
		Instant now = Instant.now();
		ExportAuditTrailRequest request = ExportAuditTrailRequest.newBuilder()
			.setFrom(timestamp(now.minus(RECENT)))
			.setTo(timestamp(now))
			.build();
		Iterator<AuditRecord> records = blockingStub(token).exportAuditTrail(request);
		while (records.hasNext()) {
			records.next();
		}
		return "OK";
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	private Claim claim(String claimId, String procedureCode, long amountCents) {
		return Claim.newBuilder()
			.setClaimId(claimId)
			.setPatientId(PATIENT_ID)
			.setProcedureCode(procedureCode)
			.setAmountCents(amountCents)
			.build();
	}

	private ClinicalRecordsGrpc.ClinicalRecordsBlockingStub blockingStub(@Nullable AccessToken token) {
		return withToken(withDeadline(ClinicalRecordsGrpc.newBlockingStub(this.channel)), token);
	}

	private ClinicalRecordsGrpc.ClinicalRecordsStub asyncStub(@Nullable AccessToken token) {
		return withToken(withDeadline(ClinicalRecordsGrpc.newStub(this.channel)), token);
	}

	private <S extends AbstractStub<S>> S withDeadline(S stub) {
		return stub.withDeadlineAfter(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private <S extends AbstractStub<S>> S withToken(S stub, @Nullable AccessToken token) {
		return (token != null) ? stub.withCallCredentials(token.callCredentials()) : stub;
	}

}
