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

import io.grpc.Context;
import org.jspecify.annotations.Nullable;

/**
 * Facility and purpose of use of the authenticated caller, for the current gRPC call. The
 * service method and its {@code @PreAuthorize} expressions run inside the call's gRPC
 * {@link Context}, where {@link #current()} returns it.
 *
 * @param facility the facility the caller acts for, from a token claim
 * @param purposeOfUse the HL7 PurposeOfUse code the caller declared
 * @since 0.1.0
 */
public record HipaaGrpcAccessContext(@Nullable String facility, @Nullable String purposeOfUse) {

	static final Context.Key<HipaaGrpcAccessContext> KEY = Context.key("hipaa-grpc-access-context");

	/**
	 * Return the access context of the current call.
	 * @return the context, or {@code null} outside a gRPC call or for a caller that was
	 * not authenticated
	 */
	public static @Nullable HipaaGrpcAccessContext current() {
		return KEY.get();
	}

}
