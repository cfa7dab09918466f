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

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.autoconfigure.security.MeshModeIntegrationTests.SourceAddress;
import io.github.hipaagrpc.security.LinkerdClientIdResolver;
import io.github.hipaagrpc.security.PeerCertificateResolver;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for mesh mode behind Linkerd over real loopback sockets: the
 * {@code l5d-client-id} header counts only from the trusted proxy address
 * ({@code 127.0.0.2}), calls from another loopback address ({@code 127.0.0.3}) stand for
 * anything else in the pod, and Envoy's {@code x-forwarded-client-cert} header is never
 * read.
 */
@SpringBootTest(classes = MeshModeIntegrationTests.ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
		properties = { "hipaa.grpc.tls.mesh.enabled=true", "hipaa.grpc.tls.mesh.proxy=linkerd",
				"hipaa.grpc.tls.mesh.trusted-proxies=127.0.0.2/32", "spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.port=0",
				"hipaa.grpc.security.peer-certificate.identity-authorities[billing.records.serviceaccount.identity.linkerd.cluster.local]=ROLE_BILLING_SYSTEM",
				"logging.level.io.github.hipaagrpc.security=debug" })
@ExtendWith(OutputCaptureExtension.class)
class LinkerdMeshModeIntegrationTests {

	private static final String TRUSTED_PROXY = "127.0.0.2";

	private static final String OTHER_PROCESS = "127.0.0.3";

	private static final String BILLING = "billing.records.serviceaccount.identity.linkerd.cluster.local";

	private static final Metadata.Key<String> CLIENT_ID = Metadata.Key.of("l5d-client-id",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> FORWARDED_CLIENT_CERT = Metadata.Key.of("x-forwarded-client-cert",
			Metadata.ASCII_STRING_MARSHALLER);

	static final SecuredServerSupport support = new SecuredServerSupport();

	@Value("${local.grpc.server.port}")
	private int port;

	@Autowired
	private List<PeerCertificateResolver> resolvers;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		support.registerResourceServerProperties(registry);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@Test
	void resolverWhenProxyIsLinkerdIsTheOnlyOne() {
		assertThat(this.resolvers).singleElement().isInstanceOf(LinkerdClientIdResolver.class);
	}

	@Test
	void callWhenHeaderFromTrustedProxyAuthenticatesTheServiceByItsDnsName() throws InterruptedException {
		RecordReply reply = read(TRUSTED_PROXY,
				headers(CLIENT_ID, "Billing.Records.ServiceAccount.Identity.Linkerd.Cluster.Local"), null);
		assertThat(reply.getPrincipal()).isEqualTo(BILLING);
		assertThat(reply.getAuthoritiesList()).containsExactly("ROLE_SERVICE", "ROLE_BILLING_SYSTEM");
		assertThat(reply.getId()).isEqualTo("peer:DNS_SAN");
	}

	@Test
	void callWhenForgedHeaderFromUntrustedAddressHasNoIdentity(CapturedOutput output) {
		String forged = "forged-marker.records.serviceaccount.identity.linkerd.cluster.local";
		assertThat(failure(OTHER_PROCESS, headers(CLIENT_ID, forged), null)).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(output).contains("Ignored the 'l5d-client-id' header of a call from '" + OTHER_PROCESS)
			.doesNotContain("forged-marker");
	}

	@Test
	void callWhenTokenAndHeaderFromTrustedProxyKeepsTheUserAsPrincipalAndTheServiceAsDetail()
			throws InterruptedException {
		String token = support.minter().token("dr-alice", "PROVIDER");
		RecordReply reply = read(TRUSTED_PROXY, headers(CLIENT_ID, BILLING), token);
		assertThat(reply.getPrincipal()).isEqualTo("dr-alice");
		assertThat(reply.getAuthoritiesList()).contains("ROLE_PROVIDER").doesNotContain("ROLE_SERVICE");
		assertThat(reply.getId()).isEqualTo("user-via:" + BILLING);
	}

	@Test
	void callWhenEnvoyHeaderFromTrustedProxyIsIgnored() {
		Metadata headers = headers(FORWARDED_CLIENT_CERT, "Hash=1;URI=spiffe://hipaa-grpc.test/billing");
		assertThat(failure(TRUSTED_PROXY, headers, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void callWhenHeaderFromTrustedProxyIsNotADnsNameIsUnauthenticated(CapturedOutput output) {
		Metadata headers = headers(CLIENT_ID, "spiffe://malformed-marker/billing");
		assertThat(failure(TRUSTED_PROXY, headers, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
		String token = support.minter().token("dr-alice", "PROVIDER");
		assertThat(failure(TRUSTED_PROXY, headers, token)).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(output).contains("'l5d-client-id' header is malformed (it is not a DNS name)")
			.doesNotContain("malformed-marker");
	}

	@Test
	void callWhenHeaderFromTrustedProxyIsRepeatedIsUnauthenticated() {
		Metadata headers = headers(CLIENT_ID, BILLING);
		headers.put(CLIENT_ID, "scheduler.records.serviceaccount.identity.linkerd.cluster.local");
		assertThat(failure(TRUSTED_PROXY, headers, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	private static Metadata headers(Metadata.Key<String> key, String value) {
		Metadata headers = new Metadata();
		headers.put(key, value);
		return headers;
	}

	private Status.Code failure(String source, Metadata headers, @Nullable String token) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(source, headers, token))
			.actual()
			.getStatus()
			.getCode();
	}

	private RecordReply read(String source, Metadata headers, @Nullable String token) throws InterruptedException {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.port)
			.usePlaintext()
			.localSocketPicker(new SourceAddress(source))
			.build();
		try {
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
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
