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

package io.github.hipaagrpc.error;

import java.util.EnumMap;
import java.util.Map;

import io.grpc.Status;
import io.grpc.Status.Code;
import org.jspecify.annotations.Nullable;

/**
 * Fixed client-facing descriptions, one per status code. They tell the client what to do
 * and nothing about the server.
 */
final class StatusDescriptions {

	private static final Map<Code, String> DESCRIPTIONS = new EnumMap<>(Code.class);

	static {
		DESCRIPTIONS.put(Code.CANCELLED, "Call cancelled");
		DESCRIPTIONS.put(Code.INVALID_ARGUMENT, "Invalid request");
		DESCRIPTIONS.put(Code.DEADLINE_EXCEEDED, "Deadline exceeded; retry with a longer deadline");
		DESCRIPTIONS.put(Code.NOT_FOUND, "Not found");
		DESCRIPTIONS.put(Code.ALREADY_EXISTS, "Already exists");
		DESCRIPTIONS.put(Code.PERMISSION_DENIED, "Access denied");
		DESCRIPTIONS.put(Code.RESOURCE_EXHAUSTED, "Too many requests; retry later");
		DESCRIPTIONS.put(Code.FAILED_PRECONDITION, "Request cannot be carried out in the current state");
		DESCRIPTIONS.put(Code.ABORTED, "Conflicting change; read again and retry");
		DESCRIPTIONS.put(Code.OUT_OF_RANGE, "Out of range");
		DESCRIPTIONS.put(Code.UNIMPLEMENTED, "Method not implemented");
		DESCRIPTIONS.put(Code.UNAVAILABLE, "Service unavailable; retry later");
		DESCRIPTIONS.put(Code.UNAUTHENTICATED, "Authentication failed");
	}

	private StatusDescriptions() {
	}

	/**
	 * Return the given status with the fixed description of its code. Codes that signal a
	 * server fault also name the correlation id so that an operator can find the logs.
	 * @param status the status
	 * @param correlationId the call's correlation id, or {@code null}
	 * @return the status with a safe description and no cause
	 */
	static Status sanitize(Status status, @Nullable String correlationId) {
		if (status.isOk()) {
			return Status.OK;
		}
		String description = DESCRIPTIONS.get(status.getCode());
		if (description == null) {
			description = (status.getCode() == Code.UNKNOWN) ? "Unknown error" : "Internal error; try again later";
			description = (correlationId != null) ? description + " (id: " + correlationId + ")" : description;
		}
		return Status.fromCode(status.getCode()).withDescription(description);
	}

}
