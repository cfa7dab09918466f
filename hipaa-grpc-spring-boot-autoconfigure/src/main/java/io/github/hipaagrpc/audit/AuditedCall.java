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

import java.util.concurrent.atomic.AtomicReference;

import io.github.hipaagrpc.access.HipaaGrpcAccessContext;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffReason;
import io.grpc.Context;
import org.jspecify.annotations.Nullable;

/**
 * What the audit layer learns about one call while it runs, shared with the inner layers
 * through the gRPC {@link Context}.
 */
final class AuditedCall {

	static final Context.Key<AuditedCall> KEY = Context.key("hipaa-grpc-audited-call");

	private final AtomicReference<@Nullable Subject> subject = new AtomicReference<>();

	private final AtomicReference<@Nullable String> resourceReference = new AtomicReference<>();

	private final AtomicReference<@Nullable HipaaGrpcAccessContext> access = new AtomicReference<>();

	private final AtomicReference<@Nullable String> emergencyGrant = new AtomicReference<>();

	private final AtomicReference<@Nullable HipaaGrpcAccessLogoffReason> logoff = new AtomicReference<>();

	static @Nullable AuditedCall current() {
		return KEY.get();
	}

	void subject(Subject subject) {
		this.subject.set(subject);
	}

	@Nullable Subject subject() {
		return this.subject.get();
	}

	void access(HipaaGrpcAccessContext access) {
		this.access.set(access);
	}

	@Nullable HipaaGrpcAccessContext access() {
		return this.access.get();
	}

	void emergencyGrant(String grantId) {
		this.emergencyGrant.set(grantId);
	}

	@Nullable String emergencyGrant() {
		return this.emergencyGrant.get();
	}

	void logoff(HipaaGrpcAccessLogoffReason reason) {
		this.logoff.set(reason);
	}

	@Nullable HipaaGrpcAccessLogoffReason logoff() {
		return this.logoff.get();
	}

	void resourceReference(String reference) {
		this.resourceReference.set(reference);
	}

	@Nullable String resourceReference() {
		return this.resourceReference.get();
	}

	/**
	 * Who called, as authentication established it.
	 *
	 * @param principal the user or service
	 * @param clientId the OAuth2 client
	 * @param roles comma-separated roles
	 * @param authenticationKind how the caller was authenticated
	 * @param detail what else the record should say of the caller
	 */
	record Subject(@Nullable String principal, @Nullable String clientId, @Nullable String roles,
			String authenticationKind, @Nullable String detail) {

	}

}
