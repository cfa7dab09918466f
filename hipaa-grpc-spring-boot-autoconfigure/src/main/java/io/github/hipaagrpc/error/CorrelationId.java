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

import java.util.UUID;
import java.util.regex.Pattern;

import io.grpc.Context;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * Correlation id of a gRPC call: the one identifier that a client, the server's logs and
 * the audit trail share for the call.
 *
 * @since 0.1.0
 */
public final class CorrelationId {

	/**
	 * Name of the metadata entry that carries the correlation id, in requests and in the
	 * trailers of every response.
	 */
	public static final String HEADER_NAME = "x-correlation-id";

	/**
	 * Key of the correlation id in the logging MDC.
	 */
	public static final String MDC_KEY = "correlationId";

	/**
	 * Metadata key of the correlation id.
	 */
	public static final Metadata.Key<String> METADATA_KEY = Metadata.Key.of(HEADER_NAME,
			Metadata.ASCII_STRING_MARSHALLER);

	static final Context.Key<String> CONTEXT_KEY = Context.key("hipaa-grpc-correlation-id");

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{7,63}");

	private CorrelationId() {
	}

	/**
	 * Return the correlation id of the current call, or {@code null} outside a call.
	 * @return the correlation id or {@code null}
	 */
	public static @Nullable String current() {
		return CONTEXT_KEY.get();
	}

	/**
	 * Return whether an incoming value is acceptable as a correlation id: 8 to 64
	 * letters, digits, dots, underscores or hyphens, starting with a letter or digit.
	 * @param value the incoming value
	 * @return whether the value can be kept
	 */
	public static boolean isAcceptable(@Nullable String value) {
		return value != null && ACCEPTED.matcher(value).matches();
	}

	/**
	 * Create a new random correlation id.
	 * @return a new correlation id
	 */
	public static String generate() {
		return UUID.randomUUID().toString();
	}

}
