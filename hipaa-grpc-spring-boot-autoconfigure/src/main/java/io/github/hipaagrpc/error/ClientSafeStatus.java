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

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * Statuses whose description a service has checked and marks as safe to send to the
 * client. Any other status a service chooses keeps its code but has its description
 * replaced with a fixed message for that code, because descriptions written in service
 * code too easily carry identifiers or request values.
 *
 * <pre class="code">
 * responseObserver.onError(ClientSafeStatus.asRuntimeException(
 * 		Status.FAILED_PRECONDITION.withDescription("Chart changed since it was read; read it again")));
 * </pre>
 *
 * @since 0.1.0
 */
public final class ClientSafeStatus {

	static final Metadata.Key<String> MARKER = Metadata.Key.of("x-hipaa-grpc-client-safe",
			Metadata.ASCII_STRING_MARSHALLER);

	private ClientSafeStatus() {
	}

	/**
	 * Return an exception carrying the given status, whose description reaches the client
	 * as written.
	 * @param status the status, with a description that holds no identifiers or request
	 * values
	 * @return the exception to throw or pass to {@code onError}
	 */
	public static StatusRuntimeException asRuntimeException(Status status) {
		return status.asRuntimeException(marked());
	}

	/**
	 * Return a checked exception carrying the given status, whose description reaches the
	 * client as written.
	 * @param status the status, with a description that holds no identifiers or request
	 * values
	 * @return the exception to throw or pass to {@code onError}
	 */
	public static StatusException asException(Status status) {
		return status.asException(marked());
	}

	static Metadata marked() {
		Metadata trailers = new Metadata();
		trailers.put(MARKER, "true");
		return trailers;
	}

	static boolean isMarked(Metadata trailers) {
		return trailers.containsKey(MARKER);
	}

}
