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
import java.util.List;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.audit.HipaaGrpcAuditEntry;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRepository;
import io.github.hipaagrpc.sample.proto.AuditRecord;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.util.StringUtils;

/**
 * Streams the audit trail's records of a time range to an auditor, page by page.
 */
final class AuditTrailExport {

	private static final int PAGE_SIZE = 500;

	private static final Sort TRAIL_ORDER = Sort.by("recordedAt", "chainId", "chainSequence");

	private final HipaaGrpcAuditRepository repository;

	AuditTrailExport(HipaaGrpcAuditRepository repository) {
		this.repository = repository;
	}

	/**
	 * Send every record of the range, oldest first, then complete the stream. Stops
	 * between pages when the client has cancelled the call.
	 * @param from the start of the range, inclusive
	 * @param to the end of the range, exclusive
	 * @param responseObserver the stream of the call
	 */
	void send(Instant from, Instant to, StreamObserver<AuditRecord> responseObserver) {
		Slice<HipaaGrpcAuditEntry> page = sendPage(from, to, PageRequest.of(0, PAGE_SIZE, TRAIL_ORDER),
				responseObserver);
		while (page.hasNext()) {
			if (isCancelled(responseObserver)) {
				return;
			}
			page = sendPage(from, to, page.nextPageable(), responseObserver);
		}
		responseObserver.onCompleted();
	}

	private Slice<HipaaGrpcAuditEntry> sendPage(Instant from, Instant to, Pageable pageable,
			StreamObserver<AuditRecord> responseObserver) {
		Slice<HipaaGrpcAuditEntry> page = this.repository.findByRecordedAtGreaterThanEqualAndRecordedAtLessThan(from,
				to, pageable);
		page.forEach((entry) -> responseObserver.onNext(toRecord(entry)));
		return page;
	}

	private static boolean isCancelled(StreamObserver<AuditRecord> responseObserver) {
		return (responseObserver instanceof ServerCallStreamObserver<AuditRecord> call) && call.isCancelled();
	}

	/**
	 * Map a stored entry to its exported form, leaving out its hashes, its peer address
	 * and its certificate fingerprint.
	 * @param entry the stored entry
	 * @return the exported record
	 */
	static AuditRecord toRecord(HipaaGrpcAuditEntry entry) {
		AuditRecord.Builder record = AuditRecord.newBuilder()
			.setRecordedAt(timestamp(entry.getRecordedAt()))
			.setRecordType(entry.getType().name())
			.setReplica(entry.getReplica())
			.setChainId(entry.getChainId())
			.setChainSequence(entry.getChainSequence());
		PropertyMapper map = PropertyMapper.get();
		map.from(entry::getEventType).to(record::setEventType);
		map.from(entry::getCorrelationId).to(record::setCorrelationId);
		map.from(entry::getMethod).to(record::setMethod);
		map.from(entry::getPrincipal).to(record::setPrincipal);
		map.from(entry::getClientId).to(record::setClientId);
		map.from(entry::getRoles).as(AuditTrailExport::roles).to(record::addAllRoles);
		map.from(entry::getAuthenticationKind).to(record::setAuthenticationKind);
		map.from(entry::getStatusCode).to(record::setStatusCode);
		map.from(entry::getDecision).as(Enum::name).to(record::setDecision);
		map.from(entry::getResourceReference).to(record::setResourceReference);
		map.from(entry::getEmergencyGrant).to(record::setEmergencyGrant);
		return record.build();
	}

	/**
	 * Convert a protobuf timestamp to an instant.
	 * @param timestamp the timestamp
	 * @return the instant
	 */
	static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	private static List<String> roles(String roles) {
		return Arrays.asList(StringUtils.commaDelimitedListToStringArray(roles));
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
