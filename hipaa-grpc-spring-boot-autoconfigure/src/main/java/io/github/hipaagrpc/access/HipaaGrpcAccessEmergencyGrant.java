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

package io.github.hipaagrpc.access;

import java.time.Instant;

import io.grpc.Context;
import org.jspecify.annotations.Nullable;

/**
 * Emergency authority granted to a caller who broke the glass: who holds it and until
 * when. The service method and its {@code @PreAuthorize} expressions run inside the
 * call's gRPC {@link Context}, where {@link #current()} returns it. The reason the caller
 * gave is stored with the grant but never kept here, so that it cannot reach a log.
 *
 * @param id the grant's identifier, which the audit records of its calls name
 * @param principal the user or service that holds the grant
 * @param clientId the OAuth2 client the grant was made through
 * @param roles comma-separated roles the principal held when the grant was made
 * @param grantedAt when the grant was made
 * @param expiresAt when the grant ends
 * @param replica the replica that made the grant
 * @since 0.1.0
 */
public record HipaaGrpcAccessEmergencyGrant(String id, String principal, @Nullable String clientId,
		@Nullable String roles, Instant grantedAt, Instant expiresAt, String replica) {

	static final Context.Key<HipaaGrpcAccessEmergencyGrant> KEY = Context.key("hipaa-grpc-access-emergency-grant");

	/**
	 * Return the emergency grant the current call runs under.
	 * @return the grant, or {@code null} when the call runs without emergency authority
	 */
	public static @Nullable HipaaGrpcAccessEmergencyGrant current() {
		return KEY.get();
	}

	/**
	 * Return whether the grant is in force at the given instant.
	 * @param now the instant to check
	 * @return whether the instant is before the grant's expiry
	 */
	public boolean isActiveAt(Instant now) {
		return now.isBefore(this.expiresAt);
	}

}
