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

import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcTlsHandshakeFailure}, with the errors that the JDK's TLS and
 * BoringSSL (through netty-tcnative) report.
 */
class HipaaGrpcTlsHandshakeFailureTests {

	@Test
	void ofWhenClientSpeaksPlaintextIsNotTls() {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new NotSslRecordException("not an SSL/TLS record: 505249")))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.NOT_TLS);
	}

	@Test
	void ofWhenHandshakeTimesOutIsTimeout() {
		assertThat(
				HipaaGrpcTlsHandshakeFailure.of(new SslHandshakeTimeoutException("handshake timed out after 3000ms")))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.TIMEOUT);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"The client supported protocol versions [TLSv1.2] are not accepted by server preferences [TLS13]",
			"error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL",
			"Received fatal alert: protocol_version",
			"No appropriate protocol (protocol is disabled or cipher " + "suites are inappropriate)" })
	void ofWhenNoProtocolVersionIsSharedIsProtocolVersion(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.PROTOCOL_VERSION);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "no cipher suites in common", "error:100000b8:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER" })
	void ofWhenNoCipherSuiteIsSharedIsNoSharedCipher(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.NO_SHARED_CIPHER);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Empty client certificate chain",
			"error:100000c7:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE",
			"Received fatal alert: certificate_required" })
	void ofWhenClientSendsNoCertificateIsCertificateRequired(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.CERTIFICATE_REQUIRED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED",
			"Received fatal alert: bad_certificate", "Received fatal alert: certificate_unknown" })
	void ofWhenCertificateIsNotTrustedIsBadCertificate(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.BAD_CERTIFICATE);
	}

	@Test
	void ofWhenCertificatePathFailsInACauseIsBadCertificate() {
		SSLHandshakeException failure = new SSLHandshakeException("Certificate check failed");
		failure.initCause(new CertPathBuilderException(
				"PKIX path building failed: unable to find valid " + "certification path to requested target"));
		assertThat(HipaaGrpcTlsHandshakeFailure.of(failure)).isEqualTo(HipaaGrpcTlsHandshakeFailure.BAD_CERTIFICATE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Received fatal alert: no_application_protocol",
			"error:100000e8:SSL routines:OPENSSL_internal:NO_APPLICATION_PROTOCOL",
			"No matching application layer protocol values" })
	void ofWhenNoApplicationProtocolIsAgreedIsNoApplicationProtocol(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.NO_APPLICATION_PROTOCOL);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Connection closed while SSL/TLS handshake was in progress", "Connection reset by peer",
			"SSL peer shut down incorrectly: unexpected EOF" })
	void ofWhenConnectionEndsDuringHandshakeIsClosed(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.CLOSED);
	}

	@Test
	void ofWhenChannelClosesWithoutAMessageIsClosed() {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new ClosedChannelException()))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.CLOSED);
	}

	@Test
	void ofWhenEngineReportsCloseNotifyDuringHandshakeIsClosed() {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLException("Received close_notify during handshake")))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.CLOSED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Received fatal alert: illegal_parameter",
			"error:10000066:SSL routines:OPENSSL_internal:BAD_ALERT" })
	void ofWhenHandshakeFailsForAnotherReasonIsOther(String message) {
		assertThat(HipaaGrpcTlsHandshakeFailure.of(new SSLHandshakeException(message)))
			.isEqualTo(HipaaGrpcTlsHandshakeFailure.OTHER);
	}

	@Test
	void tagValueIsTheLowercaseName() {
		assertThat(HipaaGrpcTlsHandshakeFailure.NO_SHARED_CIPHER.tagValue()).isEqualTo("no_shared_cipher");
		assertThat(HipaaGrpcTlsHandshakeFailure.CLOSED.tagValue()).isEqualTo("closed");
	}

}
