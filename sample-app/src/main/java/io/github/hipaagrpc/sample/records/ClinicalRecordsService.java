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

package io.github.hipaagrpc.sample.records;

import java.time.Instant;

import io.github.hipaagrpc.audit.HipaaGrpcAudit;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRepository;
import io.github.hipaagrpc.error.ClientSafeStatus;
import io.github.hipaagrpc.sample.proto.AuditRecord;
import io.github.hipaagrpc.sample.proto.Chart;
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
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * The clinical records gRPC service. Each method carries its access rule, and the starter
 * denies any method that has none.
 *
 * @since 0.1.0
 */
@Service
public class ClinicalRecordsService extends ClinicalRecordsGrpc.ClinicalRecordsImplBase {

	private static final Status UNKNOWN_PATIENT = Status.NOT_FOUND
		.withDescription("No chart for the requested patient");

	private final ChartRepository charts;

	private final PrescriptionRepository prescriptions;

	private final ClaimRepository claims;

	private final AuditTrailExport auditTrail;

	/**
	 * Create a new service.
	 * @param charts the chart repository
	 * @param prescriptions the prescription repository
	 * @param claims the claim repository
	 * @param auditRepository the starter's repository of audit records
	 */
	public ClinicalRecordsService(ChartRepository charts, PrescriptionRepository prescriptions, ClaimRepository claims,
			HipaaGrpcAuditRepository auditRepository) {
		this.charts = charts;
		this.prescriptions = prescriptions;
		this.claims = claims;
		this.auditTrail = new AuditTrailExport(auditRepository);
	}

	@Override
	@PreAuthorize("hasRole('AUDITOR') or (hasRole('PROVIDER') and @hipaa.purposeIs('TREAT')"
			+ " and @hipaa.atFacility(@chartRepository.facilityOf(#request.patientId)))")
	public void getChart(GetChartRequest request, StreamObserver<Chart> responseObserver) {
		HipaaGrpcAudit.resourceReference(patientReference(request.getPatientId()));
		this.charts.findByPatientId(request.getPatientId())
			.ifPresentOrElse((chart) -> respond(responseObserver, chart),
					() -> responseObserver.onError(UNKNOWN_PATIENT.asRuntimeException()));
	}

	@Override
	@PreAuthorize("hasRole('PROVIDER')")
	public void updateChart(UpdateChartRequest request, StreamObserver<Chart> responseObserver) {
		HipaaGrpcAudit.resourceReference(patientReference(request.getPatientId()));
		if (request.getNote().isBlank()) {
			responseObserver.onError(
					ClientSafeStatus.asRuntimeException(Status.INVALID_ARGUMENT.withDescription("A note is required")));
			return;
		}
		ChartRepository.ChartUpdate update = this.charts.addNote(request.getPatientId(), currentUser(),
				request.getNote(), request.getExpectedVersion());
		switch (update.status()) {
			case UPDATED -> respond(responseObserver, update.chart());
			case VERSION_CONFLICT ->
				responseObserver.onError(ClientSafeStatus.asRuntimeException(Status.FAILED_PRECONDITION
					.withDescription("Chart has changed since the expected version; read it again")));
			case UNKNOWN_PATIENT -> responseObserver.onError(UNKNOWN_PATIENT.asRuntimeException());
		}
	}

	@Override
	@PreAuthorize("hasAnyRole('PHARMACIST', 'PROVIDER')")
	public void listPrescriptions(ListPrescriptionsRequest request, StreamObserver<Prescription> responseObserver) {
		if (!this.charts.exists(request.getPatientId())) {
			responseObserver.onError(UNKNOWN_PATIENT.asRuntimeException());
			return;
		}
		this.prescriptions.findByPatientId(request.getPatientId(), request.getActiveOnly())
			.forEach(responseObserver::onNext);
		responseObserver.onCompleted();
	}

	@Override
	@PreAuthorize("hasRole('BILLER')")
	public StreamObserver<Claim> submitClaims(StreamObserver<ClaimsReceipt> responseObserver) {
		return new ClaimsCollector(this.charts, this.claims, responseObserver);
	}

	@Override
	@PreAuthorize("hasRole('PHARMACIST')")
	public StreamObserver<DispenseRequest> dispensePrescriptions(StreamObserver<DispenseResult> responseObserver) {
		return new Dispenser(this.prescriptions, responseObserver);
	}

	@Override
	@PreAuthorize("hasRole('AUDITOR')")
	public void exportAuditTrail(ExportAuditTrailRequest request, StreamObserver<AuditRecord> responseObserver) {
		Instant from = AuditTrailExport.instant(request.getFrom());
		Instant to = AuditTrailExport.instant(request.getTo());
		HipaaGrpcAudit.resourceReference("AuditTrail?from=" + from + "&to=" + to);
		this.auditTrail.send(from, to, responseObserver);
	}

	private static String patientReference(String patientId) {
		return "Patient/" + patientId;
	}

	private static <T> void respond(StreamObserver<T> responseObserver, T response) {
		responseObserver.onNext(response);
		responseObserver.onCompleted();
	}

	private static String currentUser() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? authentication.getName() : "unknown";
	}

	/**
	 * Collects the claims of one {@code SubmitClaims} call and answers with a receipt.
	 */
	private static final class ClaimsCollector implements StreamObserver<Claim> {

		private final ChartRepository charts;

		private final ClaimRepository claims;

		private final StreamObserver<ClaimsReceipt> responseObserver;

		private final ClaimsReceipt.Builder receipt = ClaimsReceipt.newBuilder();

		ClaimsCollector(ChartRepository charts, ClaimRepository claims,
				StreamObserver<ClaimsReceipt> responseObserver) {
			this.charts = charts;
			this.claims = claims;
			this.responseObserver = responseObserver;
		}

		@Override
		public void onNext(Claim claim) {
			if (isValid(claim) && this.claims.add(claim)) {
				this.receipt.setAcceptedCount(this.receipt.getAcceptedCount() + 1)
					.setAcceptedAmountCents(this.receipt.getAcceptedAmountCents() + claim.getAmountCents());
				return;
			}
			this.receipt.addRejectedClaimIds(claim.getClaimId());
		}

		private boolean isValid(Claim claim) {
			return !claim.getClaimId().isBlank() && !claim.getProcedureCode().isBlank() && claim.getAmountCents() > 0
					&& this.charts.exists(claim.getPatientId());
		}

		@Override
		public void onError(Throwable ex) {
			// The client gave up: there is nobody left to answer.
		}

		@Override
		public void onCompleted() {
			respond(this.responseObserver, this.receipt.build());
		}

	}

	/**
	 * Dispenses each prescription of a {@code DispensePrescriptions} call as it arrives.
	 */
	private static final class Dispenser implements StreamObserver<DispenseRequest> {

		private final PrescriptionRepository prescriptions;

		private final StreamObserver<DispenseResult> responseObserver;

		Dispenser(PrescriptionRepository prescriptions, StreamObserver<DispenseResult> responseObserver) {
			this.prescriptions = prescriptions;
			this.responseObserver = responseObserver;
		}

		@Override
		public void onNext(DispenseRequest request) {
			this.responseObserver.onNext(this.prescriptions.dispense(request.getPrescriptionId()));
		}

		@Override
		public void onError(Throwable ex) {
			// The client gave up: there is nobody left to answer.
		}

		@Override
		public void onCompleted() {
			this.responseObserver.onCompleted();
		}

	}

}
