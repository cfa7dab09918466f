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
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code hipaa.grpc.security.peer-certificate.identity-sources} property
 * over a real mutual TLS socket: the parts of a client certificate it names are read in
 * its order, and the parts it leaves out are never read. The nested classes share one
 * test CA and JWK Set server, stopped once all of them have run.
 */
@TestInstance(Lifecycle.PER_CLASS)
class PeerCertificateIdentitySourcesIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	@AfterAll
	void stopJwks() {
		support.close();
	}

	/**
	 * Common name first, then the SPIFFE id; DNS names are never read.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.security.peer-certificate.identity-sources=common-name,uri-san")
	class CommonNameFirstTests extends MutualTlsServerTests {

		@Test
		void callWhenCertificateHasSpiffeIdAndCommonNameIsIdentifiedByTheCommonName() throws InterruptedException {
			RecordReply reply = read(support.pki().issueClient("billing"));
			assertThat(reply.getPrincipal()).isEqualTo("billing");
			assertThat(reply.getId()).isEqualTo("peer:COMMON_NAME");
		}

		@Test
		void callWhenCertificateHasDnsNameIsIdentifiedByTheCommonNameNotTheDnsName() throws InterruptedException {
			RecordReply reply = read(support.pki().issueClientWithDnsNames("scheduler", "scheduler.svc.test"));
			assertThat(reply.getPrincipal()).isEqualTo("scheduler");
			assertThat(reply.getId()).isEqualTo("peer:COMMON_NAME");
		}

	}

	/**
	 * SPIFFE ids only.
	 */
	@Nested
	@TestPropertySource(properties = "hipaa.grpc.security.peer-certificate.identity-sources=uri-san")
	class SpiffeIdOnlyTests extends MutualTlsServerTests {

		@Test
		void callWhenCertificateHasSpiffeIdIsIdentifiedByIt() throws InterruptedException {
			RecordReply reply = read(support.pki().issueClient("billing"));
			assertThat(reply.getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/billing");
			assertThat(reply.getId()).isEqualTo("peer:URI_SAN");
		}

		@Test
		void callWhenCertificateHasOnlyDnsNameAndCommonNameIsNotAuthenticated() {
			TestCertificate dnsOnly = support.pki().issueClientWithDnsNames("billing", "billing.svc.test");
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(dnsOnly))
				.extracting(StatusRuntimeException::getStatus)
				.extracting(Status::getCode)
				.isEqualTo(Status.Code.UNAUTHENTICATED);
		}

	}

	/**
	 * A server that requires client certificates from the test CA and answers who called
	 * it.
	 */
	@SpringBootTest(classes = PeerCertificateAuthenticationIntegrationTests.ServiceConfiguration.class,
			webEnvironment = WebEnvironment.NONE, properties = "spring.grpc.server.ssl.client-auth=require")
	abstract static class MutualTlsServerTests {

		@Value("${local.grpc.server.port}")
		int port;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
			Path ca = support.pki().writeCaPem(Files.createTempDirectory("hipaa-grpc-ca"));
			registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + ca);
		}

		RecordReply read(TestCertificate clientCertificate) throws InterruptedException {
			ManagedChannel channel = SecuredChannels.mutualTls("localhost", this.port, clientCertificate,
					support.pki().caCertificate());
			try {
				return TestRecordsGrpc.newBlockingStub(channel)
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.read(RecordRequest.newBuilder().setId("1").build());
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

	}

}
