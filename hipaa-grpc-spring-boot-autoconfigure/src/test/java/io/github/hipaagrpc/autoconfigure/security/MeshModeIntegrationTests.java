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

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.autoconfigure.security.PeerCertificateAuthenticationIntegrationTests.CallerRecordsService;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for mesh mode over real loopback sockets: a plaintext listener behind a sidecar
 * whose {@code x-forwarded-client-cert} header counts only from the trusted proxy address
 * ({@code 127.0.0.2}); calls from another loopback address ({@code 127.0.0.3}) stand for
 * anything else in the pod.
 */
@SpringBootTest(classes = MeshModeIntegrationTests.ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
		properties = { "hipaa.grpc.tls.mesh.enabled=true", "hipaa.grpc.tls.mesh.trusted-proxies=127.0.0.2/32",
				"spring.grpc.server.address=127.0.0.1", "spring.grpc.server.port=0",
				"hipaa.grpc.security.peer-certificate.identity-authorities[spiffe\\://hipaa-grpc.test/billing]=ROLE_BILLING_SYSTEM",
				"logging.level.io.github.hipaagrpc.security=debug" })
@ExtendWith(OutputCaptureExtension.class)
class MeshModeIntegrationTests {

	private static final String TRUSTED_PROXY = "127.0.0.2";

	private static final String OTHER_PROCESS = "127.0.0.3";

	private static final String BILLING = "spiffe://hipaa-grpc.test/billing";

	private static final String SIDECAR_ELEMENT = "By=spiffe://hipaa-grpc.test/records;Hash=4f2a9c;Subject=\"\";URI=";

	private static final Metadata.Key<String> FORWARDED_CLIENT_CERT = Metadata.Key.of("x-forwarded-client-cert",
			Metadata.ASCII_STRING_MARSHALLER);

	static final SecuredServerSupport support = new SecuredServerSupport();

	@Value("${local.grpc.server.port}")
	private int port;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		support.registerResourceServerProperties(registry);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@Test
	void callWhenForgedHeaderFromUntrustedAddressHasNoIdentity(CapturedOutput output) {
		assertThat(failure(OTHER_PROCESS, SIDECAR_ELEMENT + "spiffe://hipaa-grpc.test/forged-marker", null))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(output).contains("Ignored the 'x-forwarded-client-cert' header of a call from '" + OTHER_PROCESS)
			.doesNotContain("forged-marker");
	}

	@Test
	void callWhenHeaderFromTrustedProxyAuthenticatesTheService() throws InterruptedException {
		RecordReply reply = read(TRUSTED_PROXY, SIDECAR_ELEMENT + BILLING, null);
		assertThat(reply.getPrincipal()).isEqualTo(BILLING);
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE", "ROLE_BILLING_SYSTEM");
		assertThat(reply.getId()).isEqualTo("peer:URI_SAN");
	}

	@Test
	void callWhenNoHeaderFromTrustedProxyIsUnauthenticated() {
		assertThat(failure(TRUSTED_PROXY, null, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void callWhenTokenAndHeaderFromTrustedProxyKeepsTheUserAsPrincipalAndTheServiceAsDetail()
			throws InterruptedException {
		String token = support.minter().token("dr-alice", "PROVIDER");
		RecordReply reply = read(TRUSTED_PROXY, SIDECAR_ELEMENT + BILLING, token);
		assertThat(reply.getPrincipal()).isEqualTo("dr-alice");
		assertThat(reply.getAuthoritiesList()).contains("ROLE_PROVIDER").doesNotContain("ROLE_SERVICE");
		assertThat(reply.getId()).isEqualTo("user-via:" + BILLING);
		assertThat(call(TRUSTED_PROXY, SIDECAR_ELEMENT + BILLING, token, true).getPrincipal()).isEqualTo("dr-alice");
	}

	@Test
	void callWhenTokenAndForgedHeaderFromUntrustedAddressKeepsNoServiceDetail() throws InterruptedException {
		String token = support.minter().token("dr-alice", "PROVIDER");
		RecordReply reply = read(OTHER_PROCESS, SIDECAR_ELEMENT + BILLING, token);
		assertThat(reply.getPrincipal()).isEqualTo("dr-alice");
		assertThat(reply.getId()).isEqualTo("user");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> call(OTHER_PROCESS, SIDECAR_ELEMENT + BILLING, token, true))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void callWhenMalformedHeaderFromTrustedProxyIsUnauthenticated(CapturedOutput output) {
		String malformed = SIDECAR_ELEMENT + "\"spiffe://hipaa-grpc.test/malformed-marker";
		assertThat(failure(TRUSTED_PROXY, malformed, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
		String token = support.minter().token("dr-alice", "PROVIDER");
		assertThat(failure(TRUSTED_PROXY, malformed, token)).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(output).contains("header is malformed").doesNotContain("malformed-marker");
	}

	@Test
	void callWhenSeveralElementsUsesTheNearestProxysLastOne() throws InterruptedException {
		String header = "By=spiffe://hipaa-grpc.test/edge;URI=" + BILLING + "," + SIDECAR_ELEMENT
				+ "spiffe://hipaa-grpc.test/scheduler";
		RecordReply reply = read(TRUSTED_PROXY, header, null);
		assertThat(reply.getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/scheduler");
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE");
	}

	@Test
	void callWhenQuotedValuesHoldEscapedQuotesCommasAndSemicolonsReadsThemWhole() throws InterruptedException {
		String header = "By=spiffe://hipaa-grpc.test/records;Subject=\"CN=billing \\\"east\\\",O=Records\\, Inc.;OU=x\";"
				+ "URI=;Hash=1";
		RecordReply reply = read(TRUSTED_PROXY, header, null);
		assertThat(reply.getPrincipal()).isEqualTo("billing \"east\"");
		assertThat(reply.getId()).isEqualTo("peer:COMMON_NAME");
	}

	@Test
	void callWhenOnlyDnsNamesUsesTheFirstInLowerCase() throws InterruptedException {
		RecordReply reply = read(TRUSTED_PROXY, "Hash=1;URI=;DNS=Billing.Records.SVC;DNS=other.svc", null);
		assertThat(reply.getPrincipal()).isEqualTo("billing.records.svc");
		assertThat(reply.getId()).isEqualTo("peer:DNS_SAN");
	}

	@Test
	void callWhenOnlySubjectUsesItsCommonName() throws InterruptedException {
		RecordReply reply = read(TRUSTED_PROXY, "Hash=1;Subject=\"CN=scheduler,OU=Records,O=Example\"", null);
		assertThat(reply.getPrincipal()).isEqualTo("scheduler");
		assertThat(reply.getId()).isEqualTo("peer:COMMON_NAME");
	}

	@Test
	void healthCheckWhenFromAnyLoopbackAddressNeedsNoIdentity() throws InterruptedException {
		ManagedChannel channel = channelFrom(OTHER_PROCESS);
		try {
			HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance());
			assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	private Status.Code failure(String source, @Nullable String header, @Nullable String token) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(source, header, token))
			.actual()
			.getStatus()
			.getCode();
	}

	private RecordReply read(String source, @Nullable String header, @Nullable String token)
			throws InterruptedException {
		return call(source, header, token, false);
	}

	private RecordReply call(String source, @Nullable String header, @Nullable String token, boolean update)
			throws InterruptedException {
		ManagedChannel channel = channelFrom(source);
		try {
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			if (header != null) {
				Metadata headers = new Metadata();
				headers.put(FORWARDED_CLIENT_CERT, header);
				stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
			}
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

	private ManagedChannel channelFrom(String source) {
		return NettyChannelBuilder.forAddress("127.0.0.1", this.port)
			.usePlaintext()
			.localSocketPicker(new SourceAddress(source))
			.build();
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
	 * Opens every connection from one loopback address, as a sidecar or another process
	 * in the pod would.
	 */
	static class SourceAddress extends NettyChannelBuilder.LocalSocketPicker {

		private final String address;

		SourceAddress(String address) {
			this.address = address;
		}

		@Override
		public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attributes) {
			return new InetSocketAddress(this.address, 0);
		}

	}

}
