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

import io.grpc.Metadata;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Why a streaming call was closed by automatic logoff. The reason's code travels in the
 * {@code x-hipaa-grpc-logoff} trailer of the closing status, where clients and the audit
 * layer read it.
 *
 * @since 0.1.0
 */
public enum HipaaGrpcAccessLogoffReason {

	/**
	 * The token that opened the stream expired.
	 */
	TOKEN_EXPIRED("token-expired",
			"Stream closed: the token that opened it expired; open a new stream with a current token"),

	/**
	 * The stream reached the maximum stream duration.
	 */
	MAX_STREAM_DURATION("max-stream-duration",
			"Stream closed: maximum stream duration reached; open a new stream to continue");

	/**
	 * Trailer that names the reason of a logoff.
	 */
	public static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-hipaa-grpc-logoff",
			Metadata.ASCII_STRING_MARSHALLER);

	private final String code;

	private final String description;

	HipaaGrpcAccessLogoffReason(String code, String description) {
		this.code = code;
		this.description = description;
	}

	/**
	 * Return the code of this reason, as sent in the trailer.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Return the status a call closed for this reason ends with.
	 * @return {@code UNAUTHENTICATED} with a fixed description
	 */
	public Status status() {
		return Status.UNAUTHENTICATED.withDescription(this.description);
	}

	/**
	 * Return the reason named by the given trailers of a closing call.
	 * @param trailers the trailers
	 * @return the reason, or {@code null} when the call was not closed by a logoff
	 */
	public static @Nullable HipaaGrpcAccessLogoffReason from(Metadata trailers) {
		String code = trailers.get(TRAILER);
		for (HipaaGrpcAccessLogoffReason reason : values()) {
			if (reason.code.equals(code)) {
				return reason;
			}
		}
		return null;
	}

}
