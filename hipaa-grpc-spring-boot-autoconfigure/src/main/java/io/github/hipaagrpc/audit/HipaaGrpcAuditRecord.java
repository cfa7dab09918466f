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

import org.jspecify.annotations.Nullable;

/**
 * What the audit trail keeps of one gRPC call or one security event: who, what, when,
 * from where and with what outcome, never a request or response body, a token or an ePHI
 * value.
 *
 * @param time when the call ended or the event happened
 * @param type whether the record is of a call or of an event
 * @param eventType the kind of event, such as {@code tls.certificate.rotated}, or
 * {@code null} for a call
 * @param correlationId the call's correlation id
 * @param method the full gRPC method name
 * @param principal the authenticated user or service
 * @param clientId the OAuth2 client the token was issued to
 * @param roles comma-separated roles the principal held
 * @param authenticationKind how the caller was authenticated
 * @param certificateFingerprint SHA-256 fingerprint of the client certificate
 * @param peer the peer address, as configured: full, truncated or hashed
 * @param purposeOfUse the purpose of use the caller declared
 * @param facility the facility the caller acted for
 * @param resourceReference a reference to the resource that the service named
 * @param decision whether access was allowed or denied
 * @param statusCode the gRPC status code the call ended with
 * @param durationMicros how long the call took, in microseconds
 * @param detail a short description of an event, never holding secrets or ePHI
 * @param emergencyGrant the identifier of the break-glass emergency grant the call ran
 * under or the event is about, or {@code null}
 * @since 0.1.0
 */
public record HipaaGrpcAuditRecord(Instant time, Type type, @Nullable String eventType, @Nullable String correlationId,
		@Nullable String method, @Nullable String principal, @Nullable String clientId, @Nullable String roles,
		@Nullable String authenticationKind, @Nullable String certificateFingerprint, @Nullable String peer,
		@Nullable String purposeOfUse, @Nullable String facility, @Nullable String resourceReference,
		@Nullable Decision decision, @Nullable String statusCode, @Nullable Long durationMicros,
		@Nullable String detail, @Nullable String emergencyGrant) {

	/**
	 * Create a record without an emergency grant.
	 * @param time when the call ended or the event happened
	 * @param type whether the record is of a call or of an event
	 * @param eventType the kind of event, or {@code null} for a call
	 * @param correlationId the call's correlation id
	 * @param method the full gRPC method name
	 * @param principal the authenticated user or service
	 * @param clientId the OAuth2 client the token was issued to
	 * @param roles comma-separated roles the principal held
	 * @param authenticationKind how the caller was authenticated
	 * @param certificateFingerprint the SHA-256 fingerprint of the client certificate
	 * @param peer the peer address, as configured: full, truncated or hashed
	 * @param purposeOfUse the purpose of use the caller declared
	 * @param facility the facility the caller acted for
	 * @param resourceReference a reference to the resource that the service named
	 * @param decision whether access was allowed or denied
	 * @param statusCode the gRPC status code the call ended with
	 * @param durationMicros how long the call took, in microseconds
	 * @param detail a short description of an event, never holding secrets or ePHI
	 */
	public HipaaGrpcAuditRecord(Instant time, Type type, @Nullable String eventType, @Nullable String correlationId,
			@Nullable String method, @Nullable String principal, @Nullable String clientId, @Nullable String roles,
			@Nullable String authenticationKind, @Nullable String certificateFingerprint, @Nullable String peer,
			@Nullable String purposeOfUse, @Nullable String facility, @Nullable String resourceReference,
			@Nullable Decision decision, @Nullable String statusCode, @Nullable Long durationMicros,
			@Nullable String detail) {
		this(time, type, eventType, correlationId, method, principal, clientId, roles, authenticationKind,
				certificateFingerprint, peer, purposeOfUse, facility, resourceReference, decision, statusCode,
				durationMicros, detail, null);
	}

	/**
	 * Create a record of an event that is not a call.
	 * @param time when the event happened
	 * @param eventType the kind of event, such as {@code tls.certificate.rotated}
	 * @param detail a short description of the event
	 * @return the record
	 */
	public static HipaaGrpcAuditRecord event(Instant time, String eventType, @Nullable String detail) {
		return new HipaaGrpcAuditRecord(time, Type.EVENT, eventType, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, detail);
	}

	/**
	 * Whether a record is of a call or of an event.
	 */
	public enum Type {

		/**
		 * A gRPC call, whatever its outcome.
		 */
		CALL,

		/**
		 * An event of another feature, such as a certificate rotation.
		 */
		EVENT

	}

	/**
	 * The access decision recorded for a call.
	 */
	public enum Decision {

		/**
		 * The caller was allowed to call the method; the call may still have failed.
		 */
		ALLOWED,

		/**
		 * The caller was refused: not authenticated or not authorized.
		 */
		DENIED,

		/**
		 * The call was refused because its record could not be kept.
		 */
		REFUSED

	}

}
