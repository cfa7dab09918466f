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

package io.github.hipaagrpc.autoconfigure.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.security.PeerCertificateIdentity;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for authentication by client certificate over a real mutual TLS socket, alone and
 * beside a bearer token.
 */
@SpringBootTest(classes = PeerCertificateAuthenticationIntegrationTests.ServiceConfiguration.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "spring.grpc.server.ssl.client-auth=require",
				"hipaa.grpc.security.peer-certificate.identity-authorities[spiffe\\://hipaa-grpc.test/billing]=ROLE_BILLING_SYSTEM",
				"hipaa.grpc.security.peer-certificate.identity-authorities[billing.svc.test]=ROLE_BILLING_SYSTEM" })
class PeerCertificateAuthenticationIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	@Value("${local.grpc.server.port}")
	private int port;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		support.registerProperties(registry);
		Path directory = Files.createTempDirectory("hipaa-grpc-ca");
		Path ca = support.pki().writeCaPem(directory);
		registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + ca);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@Test
	void callWhenClientCertificateAndNoTokenAuthenticatesTheServiceByItsSpiffeId() throws InterruptedException {
		RecordReply reply = read(support.pki().issueClient("billing"), null);
		assertThat(reply.getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/billing");
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE", "ROLE_BILLING_SYSTEM");
		assertThat(reply.getId()).isEqualTo("peer:URI_SAN");
	}

	@Test
	void callWhenServiceHasNoExtraAuthoritiesGetsOnlyTheServiceRole() throws InterruptedException {
		RecordReply reply = read(support.pki().issueClient("scheduler"), null);
		assertThat(reply.getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/scheduler");
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE");
	}

	@Test
	void callWhenClientCertificateHasOnlyADnsNameAuthenticatesTheServiceByIt() throws InterruptedException {
		TestCertificate dnsOnly = support.pki().issueClientWithDnsNames("billing", "billing.svc.test");
		RecordReply reply = read(dnsOnly, null);
		assertThat(reply.getPrincipal()).isEqualTo("billing.svc.test");
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE", "ROLE_BILLING_SYSTEM");
		assertThat(reply.getId()).isEqualTo("peer:DNS_SAN");
	}

	@Test
	void callWhenPreAuthorizeNeedsAuthorityOfDnsNamedServiceAllowsThatServiceOnly() throws InterruptedException {
		TestCertificate billing = support.pki().issueClientWithDnsNames("billing", "billing.svc.test");
		assertThat(watch(billing).getPrincipal()).isEqualTo("billing.svc.test");
		TestCertificate scheduler = support.pki().issueClientWithDnsNames("billing", "scheduler.svc.test");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> watch(scheduler))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void callWhenClientCertificateHasNoAlternativeNameAuthenticatesTheServiceByItsCommonName()
			throws InterruptedException {
		RecordReply reply = read(support.pki().issueClientWithDnsNames("scheduler"), null);
		assertThat(reply.getPrincipal()).isEqualTo("scheduler");
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE");
		assertThat(reply.getId()).isEqualTo("peer:COMMON_NAME");
	}

	@Test
	void callWhenClientCertificateAndTokenKeepsTheUserAsPrincipalAndTheServiceAsDetail() throws InterruptedException {
		String token = support.minter().token("dr-alice", "PROVIDER");
		RecordReply reply = read(support.pki().issueClient("billing"), token);
		assertThat(reply.getPrincipal()).isEqualTo("dr-alice");
		assertThat(reply.getAuthoritiesList()).contains("ROLE_PROVIDER").doesNotContain("ROLE_SERVICE");
		assertThat(reply.getId()).isEqualTo("user-via:spiffe://hipaa-grpc.test/billing");
	}

	@Test
	void callWhenClientCertificateAndBadTokenIsUnauthenticatedNotTheService() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> read(support.pki().issueClient("billing"), "not-a-token"))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void handshakeWhenClientCertificateHasExpiredIsRefused() {
		Instant now = Instant.now();
		TestCertificate expired = support.pki()
			.issueClient("billing", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(expired, null))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void handshakeWhenClientCertificateComesFromAnotherAuthorityIsRefused() {
		TestCertificate foreign = TestPki.create().issueClient("billing");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(foreign, null))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void callWhenExpressionNamesTheServiceInTheDetailsAllowsThatServiceOnly() throws InterruptedException {
		String token = support.minter().token("dr-alice", "PROVIDER");
		RecordReply reply = update(support.pki().issueClient("billing"), token);
		assertThat(reply.getPrincipal()).isEqualTo("dr-alice");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> update(support.pki().issueClient("scheduler"), token))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void handshakeWhenNoClientCertificateIsRefused() throws InterruptedException {
		ManagedChannel channel = SecuredChannels.tls("localhost", this.port, support.pki().caCertificate());
		try {
			String token = support.minter().token("dr-alice", "PROVIDER");
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.withCallCredentials(SecuredChannels.bearer(token));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.read(RecordRequest.newBuilder().setId("1").build()))
				.extracting(StatusRuntimeException::getStatus)
				.extracting(Status::getCode)
				.isEqualTo(Status.Code.UNAVAILABLE);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void callWhenForwardedClientCertHeaderSentOutsideMeshModeIgnoresIt() throws InterruptedException {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-forwarded-client-cert", Metadata.ASCII_STRING_MARSHALLER),
				"URI=spiffe://hipaa-grpc.test/billing");
		ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port,
				support.pki().issueClient("scheduler"), support.pki().caCertificate());
		try {
			RecordReply reply = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.read(RecordRequest.newBuilder().setId("1").build());
			assertThat(reply.getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/scheduler");
			assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE");
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private RecordReply watch(TestCertificate clientCertificate) throws InterruptedException {
		ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port, clientCertificate,
				support.pki().caCertificate());
		try {
			Iterator<RecordReply> replies = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.watch(RecordRequest.newBuilder().setId("1").build());
			return replies.next();
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private RecordReply read(TestCertificate clientCertificate, @Nullable String token) throws InterruptedException {
		return call(clientCertificate, token, false);
	}

	private RecordReply update(TestCertificate clientCertificate, @Nullable String token) throws InterruptedException {
		return call(clientCertificate, token, true);
	}

	private RecordReply call(TestCertificate clientCertificate, @Nullable String token, boolean update)
			throws InterruptedException {
		ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port, clientCertificate,
				support.pki().caCertificate());
		try {
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			if (token != null) {
				stub = stub.withCallCredentials(SecuredChannels.bearer(token));
			}
			RecordRequest request = RecordRequest.newBuilder().setId("1").build();
			return (update) ? stub.update(request) : stub.read(request);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		CallerRecordsService callerRecordsService() {
			return new CallerRecordsService();
		}

	}

	/**
	 * Service that answers who called it: the principal, its authorities, and in the id
	 * how the caller was identified.
	 */
	static class CallerRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('SERVICE') or hasRole('PROVIDER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			RecordReply reply = TestRecordsService.reply(describe(authentication));
			responseObserver.onNext(reply);
			responseObserver.onCompleted();
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER') and authentication.details?.name == 'spiffe://hipaa-grpc.test/billing'")
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			read(request, responseObserver);
		}

		@Override
		@PreAuthorize("hasRole('BILLING_SYSTEM')")
		public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			read(request, responseObserver);
		}

		private static String describe(@Nullable Authentication authentication) {
			if (authentication == null) {
				return "anonymous";
			}
			if (authentication.getPrincipal() instanceof PeerCertificateIdentity identity) {
				return "peer:" + identity.source();
			}
			if (authentication.getDetails() instanceof PeerCertificateIdentity identity) {
				return "user-via:" + identity.name();
			}
			return "user";
		}

	}

}
