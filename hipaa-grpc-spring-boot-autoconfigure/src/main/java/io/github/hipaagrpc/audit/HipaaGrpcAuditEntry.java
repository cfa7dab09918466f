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

package io.github.hipaagrpc.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * One stored link of an audit chain: a record, its place in its replica's chain and the
 * keyed hash that binds it to the link before it. Entries are only ever inserted.
 *
 * @since 0.1.0
 */
@Entity
@Table(name = "hipaa_grpc_audit_record")
public class HipaaGrpcAuditEntry implements Persistable<UUID> {

	static final int SHORT = 64;

	static final int MEDIUM = 256;

	static final int LONG = 1024;

	@Id
	private UUID id;

	@Column(name = "chain_id", nullable = false, length = SHORT, updatable = false)
	private String chainId;

	@Column(name = "chain_seq", nullable = false, updatable = false)
	private long chainSequence;

	@Column(name = "previous_hash", nullable = false, length = SHORT, updatable = false)
	private String previousHash;

	@Column(name = "record_hash", nullable = false, length = SHORT, updatable = false)
	private String recordHash;

	@Column(name = "key_id", nullable = false, length = 16, updatable = false)
	private String keyId;

	@Column(name = "recorded_at", nullable = false, updatable = false)
	private Instant recordedAt;

	@Enumerated(EnumType.STRING)
	@Column(name = "record_type", nullable = false, length = 16, updatable = false)
	private HipaaGrpcAuditRecord.Type type;

	@Column(name = "event_type", length = SHORT, updatable = false)
	private @Nullable String eventType;

	@Column(name = "correlation_id", length = SHORT, updatable = false)
	private @Nullable String correlationId;

	@Column(name = "method", length = MEDIUM, updatable = false)
	private @Nullable String method;

	@Column(name = "principal", length = MEDIUM, updatable = false)
	private @Nullable String principal;

	@Column(name = "client_id", length = MEDIUM, updatable = false)
	private @Nullable String clientId;

	@Column(name = "roles", length = LONG, updatable = false)
	private @Nullable String roles;

	@Column(name = "authentication_kind", length = 32, updatable = false)
	private @Nullable String authenticationKind;

	@Column(name = "certificate_fingerprint", length = SHORT, updatable = false)
	private @Nullable String certificateFingerprint;

	@Column(name = "peer", length = 128, updatable = false)
	private @Nullable String peer;

	@Column(name = "purpose_of_use", length = SHORT, updatable = false)
	private @Nullable String purposeOfUse;

	@Column(name = "facility", length = MEDIUM, updatable = false)
	private @Nullable String facility;

	@Column(name = "resource_reference", length = MEDIUM, updatable = false)
	private @Nullable String resourceReference;

	@Enumerated(EnumType.STRING)
	@Column(name = "decision", length = 16, updatable = false)
	private HipaaGrpcAuditRecord.@Nullable Decision decision;

	@Column(name = "status_code", length = 32, updatable = false)
	private @Nullable String statusCode;

	@Column(name = "duration_micros", updatable = false)
	private @Nullable Long durationMicros;

	@Column(name = "replica", nullable = false, length = MEDIUM, updatable = false)
	private String replica;

	@Column(name = "detail", length = LONG, updatable = false)
	private @Nullable String detail;

	@Column(name = "emergency_grant", length = SHORT, updatable = false)
	private @Nullable String emergencyGrant;

	@Transient
	private boolean stored;

	/**
	 * Create an empty entry for the persistence provider to fill.
	 */
	protected HipaaGrpcAuditEntry() {
		this.id = new UUID(0, 0);
		this.chainId = "";
		this.previousHash = "";
		this.recordHash = "";
		this.keyId = "";
		this.recordedAt = Instant.EPOCH;
		this.type = HipaaGrpcAuditRecord.Type.EVENT;
		this.replica = "";
		this.stored = true;
	}

	HipaaGrpcAuditEntry(HipaaGrpcAuditRecord record, String replica, String chainId, long chainSequence,
			String previousHash, String keyId) {
		this.id = UUID.randomUUID();
		this.chainId = chainId;
		this.chainSequence = chainSequence;
		this.previousHash = previousHash;
		this.recordHash = "";
		this.keyId = keyId;
		this.recordedAt = record.time().truncatedTo(ChronoUnit.MICROS);
		this.type = record.type();
		this.eventType = limit(record.eventType(), SHORT);
		this.correlationId = limit(record.correlationId(), SHORT);
		this.method = limit(record.method(), MEDIUM);
		this.principal = limit(record.principal(), MEDIUM);
		this.clientId = limit(record.clientId(), MEDIUM);
		this.roles = limit(record.roles(), LONG);
		this.authenticationKind = limit(record.authenticationKind(), 32);
		this.certificateFingerprint = limit(record.certificateFingerprint(), SHORT);
		this.peer = limit(record.peer(), 128);
		this.purposeOfUse = limit(record.purposeOfUse(), SHORT);
		this.facility = limit(record.facility(), MEDIUM);
		this.resourceReference = limit(record.resourceReference(), MEDIUM);
		this.decision = record.decision();
		this.statusCode = limit(record.statusCode(), 32);
		this.durationMicros = record.durationMicros();
		this.replica = required(replica, MEDIUM);
		this.detail = limit(record.detail(), LONG);
		this.emergencyGrant = limit(record.emergencyGrant(), SHORT);
	}

	private static String required(String value, int length) {
		return (value.length() > length) ? value.substring(0, length) : value;
	}

	private static @Nullable String limit(@Nullable String value, int length) {
		return (value != null) ? required(value, length) : null;
	}

	void seal(String recordHash) {
		this.recordHash = recordHash;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return !this.stored;
	}

	public String getChainId() {
		return this.chainId;
	}

	public long getChainSequence() {
		return this.chainSequence;
	}

	public String getPreviousHash() {
		return this.previousHash;
	}

	public String getRecordHash() {
		return this.recordHash;
	}

	public String getKeyId() {
		return this.keyId;
	}

	public Instant getRecordedAt() {
		return this.recordedAt;
	}

	public HipaaGrpcAuditRecord.Type getType() {
		return this.type;
	}

	public @Nullable String getEventType() {
		return this.eventType;
	}

	public @Nullable String getCorrelationId() {
		return this.correlationId;
	}

	public @Nullable String getMethod() {
		return this.method;
	}

	public @Nullable String getPrincipal() {
		return this.principal;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public @Nullable String getRoles() {
		return this.roles;
	}

	public @Nullable String getAuthenticationKind() {
		return this.authenticationKind;
	}

	public @Nullable String getCertificateFingerprint() {
		return this.certificateFingerprint;
	}

	public @Nullable String getPeer() {
		return this.peer;
	}

	public @Nullable String getPurposeOfUse() {
		return this.purposeOfUse;
	}

	public @Nullable String getFacility() {
		return this.facility;
	}

	public @Nullable String getResourceReference() {
		return this.resourceReference;
	}

	public HipaaGrpcAuditRecord.@Nullable Decision getDecision() {
		return this.decision;
	}

	public @Nullable String getStatusCode() {
		return this.statusCode;
	}

	public @Nullable Long getDurationMicros() {
		return this.durationMicros;
	}

	public String getReplica() {
		return this.replica;
	}

	public @Nullable String getDetail() {
		return this.detail;
	}

	public @Nullable String getEmergencyGrant() {
		return this.emergencyGrant;
	}

}
