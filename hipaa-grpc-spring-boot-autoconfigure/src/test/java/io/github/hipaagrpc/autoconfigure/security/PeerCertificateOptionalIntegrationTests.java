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
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for authentication over a real TLS socket when client certificates are optional:
 * callers without one need a token, and a certificate that is sent must be trusted.
 */
@SpringBootTest(classes = PeerCertificateAuthenticationIntegrationTests.ServiceConfiguration.class,
		webEnvironment = WebEnvironment.NONE, properties = "spring.grpc.server.ssl.client-auth=optional")
class PeerCertificateOptionalIntegrationTests {

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
	void callWhenNoClientCertificateAndTokenAuthenticatesTheUser() throws InterruptedException {
		String token = support.minter().token("dr-alice", "PROVIDER");
		RecordReply reply = read(tlsChannel(), token);
		assertThat(reply.getPrincipal()).isEqualTo("dr-alice");
		assertThat(reply.getAuthoritiesList()).contains("ROLE_PROVIDER").doesNotContain("ROLE_SERVICE");
		assertThat(reply.getId()).isEqualTo("user");
	}

	@Test
	void callWhenNoClientCertificateAndNoTokenIsUnauthenticated() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(tlsChannel(), null))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void callWhenClientCertificateAndNoTokenAuthenticatesTheService() throws InterruptedException {
		ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port, support.pki().issueClient("billing"),
				support.pki().caCertificate());
		RecordReply reply = read(channel, null);
		assertThat(reply.getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/billing");
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE");
		assertThat(reply.getId()).isEqualTo("peer:URI_SAN");
	}

	@Test
	void handshakeWhenClientCertificateComesFromAnotherAuthorityIsRefusedEvenWithToken() {
		String token = support.minter().token("dr-alice", "PROVIDER");
		ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port,
				TestPki.create().issueClient("billing"), support.pki().caCertificate());
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(channel, token))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	private ManagedChannel tlsChannel() {
		return SecuredChannels.tls("localhost", this.port, support.pki().caCertificate());
	}

	private RecordReply read(ManagedChannel channel, @Nullable String token) throws InterruptedException {
		try {
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			if (token != null) {
				stub = stub.withCallCredentials(SecuredChannels.bearer(token));
			}
			return stub.read(RecordRequest.newBuilder().setId("1").build());
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

}
