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

package io.github.hipaagrpc.autoconfigure.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsHandshakeMetrics;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsPolicy;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcTlsAutoConfiguration} over real loopback sockets with each
 * TLS provider: the protocol and cipher policy, handshake metrics, client certificates,
 * certificate rotation in place and renegotiation. The nested classes share one JWK Set
 * server, stopped once all of them have run.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcTlsIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final String[] TLS_1_2 = { HipaaGrpcTlsPolicy.TLS_1_2 };

	static final String[] TLS_1_3 = { HipaaGrpcTlsPolicy.TLS_1_3 };

	static final Duration WAIT = Duration.ofSeconds(30);

	@AfterAll
	void stopJwks() {
		support.close();
	}

	/**
	 * The default policy on BoringSSL.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.tls.provider=openssl")
	class OpenSslDefaultPolicyTests extends DefaultPolicyTests {

	}

	/**
	 * The default policy on the JDK's TLS.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.tls.provider=jdk")
	class JdkDefaultPolicyTests extends DefaultPolicyTests {

	}

	/**
	 * TLS 1.2 allowed, on BoringSSL.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.tls.provider=openssl")
	class OpenSslTls12AllowedTests extends Tls12AllowedTests {

	}

	/**
	 * TLS 1.2 allowed, on the JDK's TLS.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.tls.provider=jdk")
	class JdkTls12AllowedTests extends Tls12AllowedTests {

	}

	/**
	 * Client certificates required, on BoringSSL.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.tls.provider=openssl")
	class OpenSslClientCertificateTests extends ClientCertificateTests {

	}

	/**
	 * Client certificates required, on the JDK's TLS.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.tls.provider=jdk")
	class JdkClientCertificateTests extends ClientCertificateTests {

	}

	/**
	 * Tests against the default policy, TLS 1.3 only, with a handshake timeout shorter
	 * than Netty's own.
	 */
	@TestPropertySource(properties = "hipaa.grpc.tls.handshake-timeout=3s")
	abstract static class DefaultPolicyTests extends TlsServerTests {

		@Test
		void callWhenTls13NegotiatesItAndCountsProtocolAndCipher() {
			Map<String, Double> before = handshakes();
			TlsSessionCapture capture = new TlsSessionCapture();
			ManagedChannel channel = support.channel(this.port);
			try {
				assertServing(channel, capture);
			}
			finally {
				channel.shutdownNow();
			}
			SSLSession session = capture.session();
			assertThat(session.getProtocol()).isEqualTo(HipaaGrpcTlsPolicy.TLS_1_3);
			String key = handshakeKey(session.getProtocol(), session.getCipherSuite());
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(handshakes()).containsEntry(key, before.getOrDefault(key, 0.0) + 1));
		}

		@Test
		void handshakeWhenClientOffersOnlyTls12IsRefusedAsProtocolVersion() throws IOException {
			double before = failures("protocol_version");
			try (SSLSocket socket = TlsClients.connect(this.port, caCertificate(), TLS_1_2, "h2")) {
				assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(socket::startHandshake)
					.withMessage("Received fatal alert: protocol_version");
			}
			awaitFailures("protocol_version", before + 1);
		}

		@Test
		void callWhenClientSpeaksPlaintextIsUnavailableAndCountedAsNotTls() {
			double before = failures("not_tls");
			ManagedChannel plaintext = SecuredChannels.plaintext("localhost", this.port);
			try {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check(plaintext))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			}
			finally {
				plaintext.shutdownNow();
			}
			awaitFailures("not_tls", before + 1);
		}

		@Test
		void handshakeWhenClientDoesNotOfferHttp2IsClosedAndCountedAsNoApplicationProtocol() throws IOException {
			double before = failures("no_application_protocol");
			try (SSLSocket socket = TlsClients.connect(this.port, caCertificate(), TLS_1_3, "http/1.1")) {
				socket.startHandshake();
				assertThat(TlsClients.readToEnd(socket.getInputStream())).isZero();
			}
			awaitFailures("no_application_protocol", before + 1);
		}

		@Test
		void handshakeWhenClientSendsNothingIsClosedAfterHandshakeTimeout() throws IOException {
			double before = failures("timeout");
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				// Netty's own default of 10s would outlast this read timeout
				socket.setSoTimeout(9000);
				assertThat(socket.getInputStream().read()).isEqualTo(-1);
			}
			awaitFailures("timeout", before + 1);
		}

		@Test
		void keyMaterialWhenUpdatedServesNewCertificateToNewConnectionsOnly() {
			BigInteger original = this.keyMaterial.servingCertificate().getSerialNumber();
			TlsSessionCapture openedCapture = new TlsSessionCapture();
			ManagedChannel opened = support.channel(this.port);
			try {
				assertServing(opened, openedCapture);
				assertThat(peerSerial(openedCapture.session())).isEqualTo(original);
				TestCertificate renewed = support.pki().issueServer("localhost", "127.0.0.1");
				this.keyMaterial.update(renewed.privateKey(), renewed.chain());
				assertThat(servingSerialOfNewConnection()).isEqualTo(renewed.certificate().getSerialNumber());
				assertServing(opened, openedCapture);
				assertThat(peerSerial(openedCapture.session())).isEqualTo(original);
			}
			finally {
				opened.shutdownNow();
			}
		}

		@Test
		void keyMaterialWhenKeyDoesNotBelongToCertificateRefusesUpdate() {
			X509Certificate serving = this.keyMaterial.servingCertificate();
			TestCertificate renewed = support.pki().issueServer("localhost", "127.0.0.1");
			TestCertificate other = support.pki().issueServer("localhost", "127.0.0.1");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> this.keyMaterial.update(other.privateKey(), renewed.chain()))
				.withMessageContaining("'privateKey' must belong to the first certificate");
			assertThat(this.keyMaterial.servingCertificate()).isEqualTo(serving);
			assertThat(servingSerialOfNewConnection()).isEqualTo(serving.getSerialNumber());
		}

		private BigInteger servingSerialOfNewConnection() {
			TlsSessionCapture capture = new TlsSessionCapture();
			ManagedChannel channel = support.channel(this.port);
			try {
				assertServing(channel, capture);
				return peerSerial(capture.session());
			}
			finally {
				channel.shutdownNow();
			}
		}

		private static BigInteger peerSerial(SSLSession session) {
			try {
				Certificate[] chain = session.getPeerCertificates();
				return ((X509Certificate) chain[0]).getSerialNumber();
			}
			catch (SSLException ex) {
				throw new IllegalStateException("Server sent no certificate", ex);
			}
		}

	}

	/**
	 * Tests against a policy that also allows TLS 1.2, with its default suites.
	 */
	@TestPropertySource(properties = "hipaa.grpc.tls.protocols=TLSv1.3,TLSv1.2")
	abstract static class Tls12AllowedTests extends TlsServerTests {

		private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII);

		private static final byte[] EMPTY_SETTINGS = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };

		@Test
		void callWhenClientOffersTls13NegotiatesTls13() {
			TlsSessionCapture capture = new TlsSessionCapture();
			ManagedChannel channel = support.channel(this.port);
			try {
				assertServing(channel, capture);
			}
			finally {
				channel.shutdownNow();
			}
			assertThat(capture.session().getProtocol()).isEqualTo(HipaaGrpcTlsPolicy.TLS_1_3);
		}

		@Test
		void callWhenClientOffersOnlyTls12NegotiatesAnAllowedAeadSuiteAndCountsIt() throws SSLException {
			Map<String, Double> before = handshakes();
			TlsSessionCapture capture = new TlsSessionCapture();
			ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", this.port)
				.sslContext(GrpcSslContexts.forClient().protocols(TLS_1_2).trustManager(caCertificate()).build())
				.build();
			try {
				assertServing(channel, capture);
			}
			finally {
				channel.shutdownNow();
			}
			SSLSession session = capture.session();
			assertThat(session.getProtocol()).isEqualTo(HipaaGrpcTlsPolicy.TLS_1_2);
			assertThat(session.getCipherSuite()).isIn(HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS);
			String key = handshakeKey(session.getProtocol(), session.getCipherSuite());
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(handshakes()).containsEntry(key, before.getOrDefault(key, 0.0) + 1));
		}

		@Test
		void handshakeWhenClientOffersOnlyCbcSuitesIsRefusedAsNoSharedCipher() throws IOException {
			double before = failures("no_shared_cipher");
			try (SSLSocket socket = TlsClients.connect(this.port, caCertificate(), TLS_1_2, "h2",
					"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
					"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")) {
				assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(socket::startHandshake)
					.withMessage("Received fatal alert: handshake_failure");
			}
			awaitFailures("no_shared_cipher", before + 1);
		}

		@Test
		void renegotiationWhenClientStartsOneIsRefused() throws IOException {
			try (SSLSocket socket = TlsClients.connect(this.port, caCertificate(), TLS_1_2, "h2")) {
				socket.startHandshake();
				assertThat(socket.getSession().getProtocol()).isEqualTo(HipaaGrpcTlsPolicy.TLS_1_2);
				OutputStream output = socket.getOutputStream();
				output.write(HTTP2_PREFACE);
				output.write(EMPTY_SETTINGS);
				output.flush();
				// An accepted renegotiation leaves the connection open until the read
				// times out
				assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> {
					socket.startHandshake();
					TlsClients.readToEnd(socket.getInputStream());
				}).withMessageStartingWith("Received fatal alert: ");
			}
		}

	}

	/**
	 * Tests against a listener that requires client certificates from the test CA.
	 */
	@TestPropertySource(properties = "spring.grpc.server.ssl.client-auth=require")
	abstract static class ClientCertificateTests extends TlsServerTests {

		@DynamicPropertySource
		static void trustStoreProperties(DynamicPropertyRegistry registry) throws IOException {
			Path caPem = support.pki().writeCaPem(Files.createTempDirectory("hipaa-grpc-ca"));
			registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + caPem);
		}

		@Test
		void callWhenClientPresentsCertificateFromTrustedCaSucceeds() {
			TestCertificate client = support.pki().issueClient("records-client");
			ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port, client, caCertificate());
			try {
				assertServing(channel, new TlsSessionCapture());
			}
			finally {
				channel.shutdownNow();
			}
		}

		@Test
		void handshakeWhenClientSendsNoCertificateIsRefusedAsCertificateRequired() {
			assertRefused(support.channel(this.port), "certificate_required");
		}

		@Test
		void handshakeWhenClientCertificateIsFromAnotherCaIsRefusedAsBadCertificate() {
			TestCertificate stranger = TestPki.create().issueClient("stranger");
			assertRefused(SecuredChannels.mutualTls("localhost", this.port, stranger, caCertificate()),
					"bad_certificate");
		}

		private void assertRefused(ManagedChannel channel, String reason) {
			double before = failures(reason);
			try {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check(channel))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			}
			finally {
				channel.shutdownNow();
			}
			awaitFailures(reason, before + 1);
		}

	}

	/**
	 * A TLS gRPC server started with the test CA's server certificate, whose handshake
	 * counters are bound to a simple registry.
	 */
	@SpringBootTest(classes = TlsServerConfiguration.class, webEnvironment = WebEnvironment.NONE)
	abstract static class TlsServerTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		SimpleMeterRegistry registry;

		@Autowired
		HipaaGrpcTlsKeyMaterial keyMaterial;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		X509Certificate caCertificate() {
			return support.pki().caCertificate();
		}

		void assertServing(ManagedChannel channel, TlsSessionCapture capture) {
			assertThat(check(ClientInterceptors.intercept(channel, capture))).isEqualTo(ServingStatus.SERVING);
		}

		static ServingStatus check(Channel channel) {
			return HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(WAIT)
				.check(HealthCheckRequest.getDefaultInstance())
				.getStatus();
		}

		Map<String, Double> handshakes() {
			Map<String, Double> counts = new HashMap<>();
			for (Counter counter : this.registry.find(HipaaGrpcTlsHandshakeMetrics.HANDSHAKES).counters()) {
				String key = handshakeKey(counter.getId().getTag("protocol"), counter.getId().getTag("cipher"));
				counts.put(key, counter.count());
			}
			return counts;
		}

		static String handshakeKey(@Nullable String protocol, @Nullable String cipher) {
			return protocol + " " + cipher;
		}

		double failures(String reason) {
			Counter counter = this.registry.find(HipaaGrpcTlsHandshakeMetrics.FAILURES).tag("reason", reason).counter();
			if (counter == null) {
				throw new AssertionError("No failure counter for reason '%s'".formatted(reason));
			}
			return counter.count();
		}

		void awaitFailures(String reason, double expected) {
			await().atMost(WAIT).untilAsserted(() -> assertThat(failures(reason)).isEqualTo(expected));
		}

	}

	/**
	 * Client interceptor that keeps the TLS session of the last call that received
	 * headers.
	 */
	static final class TlsSessionCapture implements ClientInterceptor {

		private final AtomicReference<@Nullable SSLSession> session = new AtomicReference<>();

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			ClientCall<Q, R> call = next.newCall(method, callOptions);
			return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {

				@Override
				public void start(Listener<R> responseListener, Metadata headers) {
					super.start(
							new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(responseListener) {

								@Override
								public void onHeaders(Metadata headers) {
									TlsSessionCapture.this.session
										.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
									super.onHeaders(headers);
								}

							}, headers);
				}

			};
		}

		SSLSession session() {
			SSLSession session = this.session.get();
			if (session == null) {
				throw new AssertionError("No call received headers");
			}
			return session;
		}

	}

	/**
	 * Application with a gRPC service and a meter registry bound to the handshake
	 * counters.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TlsServerConfiguration {

		@Bean
		HoldingRecordsService holdingRecordsService() {
			return new HoldingRecordsService();
		}

		@Bean
		SimpleMeterRegistry simpleMeterRegistry(HipaaGrpcTlsHandshakeMetrics handshakeMetrics) {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			handshakeMetrics.bindTo(registry);
			return registry;
		}

	}

}
