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

package io.github.hipaagrpc.tls;

import java.util.Locale;

import javax.net.ssl.SSLHandshakeException;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reason a TLS handshake on the gRPC listener failed, read from the TLS engine's error
 * without keeping anything the client sent.
 *
 * @since 0.1.0
 */
public enum HipaaGrpcTlsHandshakeFailure {

	/**
	 * The client spoke something other than TLS, such as plaintext HTTP/2.
	 */
	NOT_TLS,

	/**
	 * The client offered no protocol version that the policy allows.
	 */
	PROTOCOL_VERSION,

	/**
	 * The client offered no cipher suite that the policy allows.
	 */
	NO_SHARED_CIPHER,

	/**
	 * A client certificate was required but none was sent.
	 */
	CERTIFICATE_REQUIRED,

	/**
	 * A certificate was not trusted: the client's by the listener, or the listener's by
	 * the client (which answers with a {@code bad_certificate} or
	 * {@code certificate_unknown} alert).
	 */
	BAD_CERTIFICATE,

	/**
	 * The client did not agree on HTTP/2 through ALPN.
	 */
	NO_APPLICATION_PROTOCOL,

	/**
	 * The handshake did not finish in time.
	 */
	TIMEOUT,

	/**
	 * The connection closed before the handshake finished.
	 */
	CLOSED,

	/**
	 * Any other reason.
	 */
	OTHER;

	/**
	 * Return the reason for a handshake failure.
	 * @param cause the failure reported by the TLS engine
	 * @return the reason
	 */
	public static HipaaGrpcTlsHandshakeFailure of(@Nullable Throwable cause) {
		if (cause instanceof NotSslRecordException) {
			return NOT_TLS;
		}
		if (cause instanceof SslHandshakeTimeoutException) {
			return TIMEOUT;
		}
		String messages = messages(cause);
		if (messages.contains("unsupported_protocol") || messages.contains("protocol version")
				|| messages.contains("protocol_version") || messages.contains("no appropriate protocol")) {
			return PROTOCOL_VERSION;
		}
		if (messages.contains("no_shared_cipher") || messages.contains("no cipher suites in common")) {
			return NO_SHARED_CIPHER;
		}
		if (messages.contains("peer_did_not_return_a_certificate") || messages.contains("empty client certificate")
				|| messages.contains("certificate_required")) {
			return CERTIFICATE_REQUIRED;
		}
		if (messages.contains("certificate_verify_failed") || messages.contains("certificate_unknown")
				|| messages.contains("bad_certificate") || messages.contains("pkix")) {
			return BAD_CERTIFICATE;
		}
		if (messages.contains("alpn") || messages.contains("application protocol")
				|| messages.contains("application layer protocol") || messages.contains("no_application_protocol")) {
			return NO_APPLICATION_PROTOCOL;
		}
		if (messages.contains("closed") || messages.contains("connection reset") || messages.contains("eof")) {
			return CLOSED;
		}
		return (cause instanceof SSLHandshakeException) ? OTHER : CLOSED;
	}

	private static String messages(@Nullable Throwable cause) {
		StringBuilder messages = new StringBuilder();
		for (Throwable current = cause; current != null; current = current.getCause()) {
			messages.append(current.getMessage()).append(' ');
		}
		return messages.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the tag value of this reason for metrics.
	 * @return the lowercase name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
