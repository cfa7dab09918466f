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

package io.github.hipaagrpc.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.CallCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.health.v1.HealthGrpc.HealthBlockingStub;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SecuredChannels}.
 */
class SecuredChannelsTests {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final TestPki pki = TestPki.create();

	private final TestCertificate serverCertificate = this.pki.issueServer("localhost", "127.0.0.1");

	private @Nullable RecordingServer server;

	private @Nullable ManagedChannel channel;

	@AfterEach
	void shutDown() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void tlsWhenServerCertificateTrustedCompletesCall() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, null);
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), this.pki.caCertificate()));
		assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
		assertThat(server.peerCertificates()).isEmpty();
	}

	@Test
	void tlsWhenConnectingByIpAddressMatchesIpAlternativeName() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, null);
		ManagedChannel channel = useChannel(SecuredChannels.tls("127.0.0.1", server.port(), this.pki.caCertificate()));
		assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void tlsWhenServerCertificateFromOtherCaFailsHandshake() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, null);
		X509Certificate otherCa = TestPki.create().caCertificate();
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), otherCa));
		assertUnavailable(channel);
		assertThat(server.calls()).isZero();
	}

	@Test
	void tlsWhenServerCertificateNamesOtherHostFailsHandshake() throws Exception {
		TestCertificate otherHost = this.pki.issueServer("records.hipaa-grpc.test");
		RecordingServer server = startServer(otherHost, null);
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), this.pki.caCertificate()));
		assertUnavailable(channel);
		assertThat(server.calls()).isZero();
	}

	@Test
	void tlsWhenServerCertificateExpiredFailsHandshake() throws Exception {
		TestCertificate expired = this.pki.issueServer(Instant.now().minusSeconds(7200),
				Instant.now().minusSeconds(3600), "localhost", "127.0.0.1");
		RecordingServer server = startServer(expired, null);
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), this.pki.caCertificate()));
		assertUnavailable(channel);
		assertThat(server.calls()).isZero();
	}

	@Test
	void mutualTlsWhenServerRequiresClientCertificatePresentsIt() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, this.pki.caCertificate());
		TestCertificate client = this.pki.issueClient("billing-service");
		ManagedChannel channel = useChannel(
				SecuredChannels.mutualTls("localhost", server.port(), client, this.pki.caCertificate()));
		assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
		assertThat(server.peerCertificates()).containsExactly(client.certificate(), this.pki.caCertificate());
		X509Certificate peer = (X509Certificate) server.peerCertificates().get(0);
		assertThat(peer.getSubjectAlternativeNames())
			.containsExactly(List.of(6, "spiffe://hipaa-grpc.test/billing-service"));
	}

	@Test
	void tlsWhenServerRequiresClientCertificateFailsCall() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, this.pki.caCertificate());
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), this.pki.caCertificate()));
		assertUnavailable(channel);
		assertThat(server.calls()).isZero();
	}

	@Test
	void mutualTlsWhenClientCertificateFromOtherCaFailsCall() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, this.pki.caCertificate());
		TestCertificate foreignClient = TestPki.create().issueClient("intruder");
		ManagedChannel channel = useChannel(
				SecuredChannels.mutualTls("localhost", server.port(), foreignClient, this.pki.caCertificate()));
		assertUnavailable(channel);
		assertThat(server.calls()).isZero();
	}

	@Test
	void plaintextWhenServerIsPlaintextCompletesCall() throws Exception {
		RecordingServer server = RecordingServer.startPlaintext();
		this.server = server;
		ManagedChannel channel = useChannel(SecuredChannels.plaintext("localhost", server.port()));
		assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void plaintextWhenServerRequiresTlsFailsCall() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, null);
		ManagedChannel channel = useChannel(SecuredChannels.plaintext("localhost", server.port()));
		assertUnavailable(channel);
		assertThat(server.calls()).isZero();
	}

	@Test
	void bearerWhenAttachedSendsAuthorizationHeader() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, null);
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), this.pki.caCertificate()));
		CallCredentials credentials = SecuredChannels.bearer("header.payload.signature");
		HealthBlockingStub stub = HealthGrpc.newBlockingStub(channel).withCallCredentials(credentials);
		assertThat(check(stub)).isEqualTo(ServingStatus.SERVING);
		assertThat(server.authorization()).containsExactly("Bearer header.payload.signature");
	}

	@Test
	void bearerWhenNotAttachedSendsNoAuthorizationHeader() throws Exception {
		RecordingServer server = startServer(this.serverCertificate, null);
		ManagedChannel channel = useChannel(SecuredChannels.tls("localhost", server.port(), this.pki.caCertificate()));
		assertThat(check(channel)).isEqualTo(ServingStatus.SERVING);
		assertThat(server.authorization()).isEmpty();
	}

	@Test
	void bearerWhenPrintedHidesToken() {
		CallCredentials credentials = SecuredChannels.bearer("header.payload.signature");
		assertThat(credentials.toString()).doesNotContain("header.payload.signature");
	}

	@Test
	void tlsWhenNoTrustAnchorsGivenThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecuredChannels.tls("localhost", 443))
			.withMessage("'trustAnchors' must not be empty");
	}

	private RecordingServer startServer(TestCertificate certificate, @Nullable X509Certificate clientCa)
			throws IOException {
		RecordingServer server = RecordingServer.startTls(certificate, clientCa);
		this.server = server;
		return server;
	}

	private ManagedChannel useChannel(ManagedChannel channel) {
		this.channel = channel;
		return channel;
	}

	private static ServingStatus check(ManagedChannel channel) {
		return check(HealthGrpc.newBlockingStub(channel));
	}

	private static ServingStatus check(HealthBlockingStub stub) {
		HealthCheckRequest request = HealthCheckRequest.getDefaultInstance();
		return stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(request).getStatus();
	}

	private static void assertUnavailable(ManagedChannel channel) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check(channel))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	/**
	 * A gRPC health server on a loopback port that records what each call presented.
	 */
	private static final class RecordingServer implements ServerInterceptor, AutoCloseable {

		private volatile List<Certificate> peerCertificates = List.of();

		private volatile List<String> authorization = List.of();

		private final AtomicInteger calls = new AtomicInteger();

		private @Nullable Server server;

		static RecordingServer startTls(TestCertificate certificate, @Nullable X509Certificate clientCa)
				throws IOException {
			X509Certificate[] chain = certificate.chain().toArray(new X509Certificate[0]);
			SslContextBuilder sslContext = GrpcSslContexts
				.configure(SslContextBuilder.forServer(certificate.privateKey(), chain));
			if (clientCa != null) {
				sslContext.trustManager(clientCa).clientAuth(ClientAuth.REQUIRE);
			}
			return start(serverBuilder().sslContext(sslContext.build()));
		}

		static RecordingServer startPlaintext() throws IOException {
			return start(serverBuilder());
		}

		private static NettyServerBuilder serverBuilder() {
			return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		}

		private static RecordingServer start(NettyServerBuilder builder) throws IOException {
			RecordingServer recorder = new RecordingServer();
			HealthStatusManager health = new HealthStatusManager();
			builder.addService(ServerInterceptors.intercept(health.getHealthService(), recorder));
			recorder.server = builder.build().start();
			return recorder;
		}

		int port() {
			Server server = this.server;
			return (server != null) ? server.getPort() : -1;
		}

		int calls() {
			return this.calls.get();
		}

		List<Certificate> peerCertificates() {
			return this.peerCertificates;
		}

		List<String> authorization() {
			return this.authorization;
		}

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			this.calls.incrementAndGet();
			Iterable<String> values = headers.getAll(AUTHORIZATION);
			this.authorization = (values != null) ? toList(values) : List.of();
			this.peerCertificates = peerCertificates(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
			return next.startCall(call, headers);
		}

		private static List<String> toList(Iterable<String> values) {
			ArrayList<String> list = new ArrayList<>();
			values.forEach(list::add);
			return list;
		}

		private static List<Certificate> peerCertificates(@Nullable SSLSession session) {
			if (session == null) {
				return List.of();
			}
			try {
				return List.of(session.getPeerCertificates());
			}
			catch (SSLPeerUnverifiedException ex) {
				return List.of();
			}
		}

		@Override
		public void close() throws InterruptedException {
			Server server = this.server;
			if (server != null) {
				server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

	}

}
