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
import java.util.Arrays;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrant;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrantStore;
import io.github.hipaagrpc.audit.HipaaGrpcAudit;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRecord;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRepository;
import io.github.hipaagrpc.error.ClientSafeStatus;
import io.github.hipaagrpc.sample.proto.Chart;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrant;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrpc;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.proto.ListEmergencyAccessesRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * Break-glass emergency access: a provider under an emergency grant reads any chart, and
 * an auditor reviews the grants with the number of calls made under each.
 *
 * @since 0.1.0
 */
@Service
public class EmergencyAccessService extends EmergencyAccessGrpc.EmergencyAccessImplBase {

	private static final Status UNKNOWN_PATIENT = Status.NOT_FOUND
		.withDescription("No chart for the requested patient");

	private final ChartRepository charts;

	private final HipaaGrpcAccessEmergencyGrantStore grants;

	private final HipaaGrpcAuditRepository auditRepository;

	/**
	 * Create a new service.
	 * @param charts the chart repository
	 * @param grants the starter's store of emergency grants
	 * @param auditRepository the starter's repository of audit records
	 */
	public EmergencyAccessService(ChartRepository charts, HipaaGrpcAccessEmergencyGrantStore grants,
			HipaaGrpcAuditRepository auditRepository) {
		this.charts = charts;
		this.grants = grants;
		this.auditRepository = auditRepository;
	}

	@Override
	@PreAuthorize("hasRole('PROVIDER') and @hipaa.emergency()")
	public void readChartInEmergency(GetChartRequest request, StreamObserver<Chart> responseObserver) {
		HipaaGrpcAudit.resourceReference("Patient/" + request.getPatientId());
		this.charts.findByPatientId(request.getPatientId()).ifPresentOrElse((chart) -> {
			responseObserver.onNext(chart);
			responseObserver.onCompleted();
		}, () -> responseObserver.onError(ClientSafeStatus.asRuntimeException(UNKNOWN_PATIENT)));
	}

	@Override
	@PreAuthorize("hasRole('AUDITOR')")
	public void listEmergencyAccesses(ListEmergencyAccessesRequest request,
			StreamObserver<EmergencyAccessGrant> responseObserver) {
		Instant from = instant(request.getFrom());
		Instant to = instant(request.getTo());
		this.grants.findGranted(from, to)
			.forEach((granted) -> responseObserver.onNext(toGrant(granted.grant(), granted.reason())));
		responseObserver.onCompleted();
	}

	private EmergencyAccessGrant toGrant(HipaaGrpcAccessEmergencyGrant grant, String reason) {
		long calls = this.auditRepository.countByEmergencyGrantAndType(grant.id(), HipaaGrpcAuditRecord.Type.CALL);
		EmergencyAccessGrant.Builder builder = EmergencyAccessGrant.newBuilder()
			.setGrantId(grant.id())
			.setPrincipal(grant.principal())
			.setReason(reason)
			.setGrantedAt(timestamp(grant.grantedAt()))
			.setExpiresAt(timestamp(grant.expiresAt()))
			.setReplica(grant.replica())
			.setCallCount(calls);
		PropertyMapper map = PropertyMapper.get();
		map.from(grant::clientId).to(builder::setClientId);
		map.from(grant::roles)
			.as(StringUtils::commaDelimitedListToStringArray)
			.as(Arrays::asList)
			.to(builder::addAllRoles);
		return builder.build();
	}

	private static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
