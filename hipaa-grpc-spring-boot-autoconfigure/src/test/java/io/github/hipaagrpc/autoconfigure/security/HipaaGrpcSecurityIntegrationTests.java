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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.autoconfigure.StreamRecorder;
import io.github.hipaagrpc.autoconfigure.security.TestRecordsService.UnguardedService;
import io.github.hipaagrpc.test.BrokenTokens;
import io.github.hipaagrpc.test.JwtMinter;
import io.github.hipaagrpc.test.LocalJwksServer;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestSigningKey;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.testservice.TestRecordsGrpc.TestRecordsBlockingStub;
import io.github.hipaagrpc.testservice.UnguardedGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the security auto-configuration over a real TLS socket, with a real JWK Set
 * served over HTTP.
 */
@SpringBootTest(classes = HipaaGrpcSecurityIntegrationTests.SecuredServerConfiguration.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256,ES256,PS256",
				"hipaa.grpc.security.jwt.jwks-refresh-interval=1s", "logging.level.io.github.hipaagrpc=debug",
				"logging.level.org.springframework.security=debug", "logging.level.org.springframework.grpc=debug",
				// 1,000 concurrent calls check identities; rate limits are tested on
				// their own
				"hipaa.grpc.rate-limit.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcSecurityIntegrationTests {

	static final String ISSUER = SecuredServerSupport.ISSUER;

	static final String AUDIENCE = SecuredServerSupport.AUDIENCE;

	static final TestSigningKey ecKey = TestSigningKey.ec("ec-1");

	static final TestSigningKey psKey = TestSigningKey.rsaPss("ps-1");

	static final TestSigningKey retiringKey = TestSigningKey.rsa("rsa-retiring");

	static final TestSigningKey unpublishedKey = TestSigningKey.rsa("rsa-unpublished");

	static final SecuredServerSupport support = new SecuredServerSupport(ecKey, psKey, retiringKey);

	static final TestSigningKey rsaKey = support.key();

	static final LocalJwksServer jwks = support.jwks();

	static final JwtMinter minter = support.minter();

	@Value("${local.grpc.server.port}")
	private int port;

	private ManagedChannel channel;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		support.registerProperties(registry);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@BeforeEach
	void openChannel() {
		this.channel = support.channel(this.port);
	}

	@AfterEach
	void closeChannel() {
		this.channel.shutdownNow();
	}

	@Test
	void readWhenProviderTokenIsOk() {
		RecordReply reply = records(minter.token("alice", "PROVIDER")).read(request("chart-1"));
		assertThat(reply.getPrincipal()).isEqualTo("alice");
		assertThat(reply.getAuthoritiesList()).contains("ROLE_PROVIDER");
	}

	@Test
	void readWhenScopesInTokenMapsThemToScopeAuthorities() {
		String token = minter.token().subject("alice").roles("PROVIDER").scopes("records.write").build();
		RecordReply reply = records(token).update(request("chart-1"));
		assertThat(reply.getAuthoritiesList()).contains("ROLE_PROVIDER", "SCOPE_records.write");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validTokens")
	void readWhenSignedWithAcceptedAlgorithmIsOk(String name, Supplier<String> token) {
		assertThat(records(token.get()).read(request("chart-1")).getPrincipal()).isEqualTo("alice");
	}

	static Stream<Arguments> validTokens() {
		return Stream.of(Arguments.of("RS256", (Supplier<String>) () -> minter.token("alice", "PROVIDER")),
				Arguments.of("ES256",
						(Supplier<String>) () -> new JwtMinter(ecKey, ISSUER, AUDIENCE).token("alice", "PROVIDER")),
				Arguments.of("PS256",
						(Supplier<String>) () -> new JwtMinter(psKey, ISSUER, AUDIENCE).token("alice", "PROVIDER")),
				Arguments.of("several audiences",
						(Supplier<String>) () -> minter.token()
							.subject("alice")
							.roles("PROVIDER")
							.audience("billing", AUDIENCE)
							.build()),
				Arguments.of("not before in the past",
						(Supplier<String>) () -> minter.token()
							.subject("alice")
							.roles("PROVIDER")
							.notBefore(Instant.now().minusSeconds(60))
							.build()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidTokens")
	void readWhenTokenIsInvalidIsUnauthenticatedAndTokenIsNotLogged(String name, Supplier<String> tokens,
			CapturedOutput output) {
		String token = tokens.get();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> records(token).read(request("x")))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(ex.getStatus().getDescription()).doesNotContain(token);
			});
		assertThat(output).doesNotContain(token);
		for (String part : StringUtils.tokenizeToStringArray(token, ".")) {
			if (part.length() > 8) {
				assertThat(output).doesNotContain(part);
			}
		}
	}

	static Stream<Arguments> invalidTokens() {
		Instant now = Instant.now();
		return Stream.of(Arguments.of("malformed", (Supplier<String>) BrokenTokens::malformed),
				Arguments.of("expired",
						(Supplier<String>) () -> minter.token()
							.roles("PROVIDER")
							.issuedAt(now.minusSeconds(1200))
							.expiresAt(now.minusSeconds(600))
							.build()),
				Arguments.of("not yet valid",
						(Supplier<String>) () -> minter.token()
							.roles("PROVIDER")
							.notBefore(now.plusSeconds(600))
							.expiresAt(now.plusSeconds(1200))
							.build()),
				Arguments.of("no expiry", (Supplier<String>) () -> minter.token().roles("PROVIDER").noExpiry().build()),
				Arguments.of("lifetime above maximum",
						(Supplier<String>) () -> minter.token()
							.roles("PROVIDER")
							.lifetime(Duration.ofHours(3))
							.build()),
				Arguments.of("wrong issuer",
						(Supplier<String>) () -> minter.token()
							.roles("PROVIDER")
							.issuer("https://evil.hipaa-grpc.test")
							.build()),
				Arguments.of("wrong audience",
						(Supplier<String>) () -> minter.token().roles("PROVIDER").audience("billing-service").build()),
				Arguments.of("missing audience",
						(Supplier<String>) () -> minter.token().roles("PROVIDER").noAudience().build()),
				Arguments.of("alg none",
						(Supplier<String>) () -> BrokenTokens.unsigned(minter.token("alice", "PROVIDER"))),
				Arguments.of("HS256 signed with the public key",
						(Supplier<String>) () -> BrokenTokens.hmacSignedWithPublicKey(minter.token("alice", "PROVIDER"),
								rsaKey)),
				Arguments.of("unknown kid",
						(Supplier<String>) () -> minter.token().roles("PROVIDER").signedWith(unpublishedKey).build()),
				Arguments.of("truncated signature",
						(Supplier<String>) () -> BrokenTokens.truncatedSignature(minter.token("alice", "PROVIDER"))),
				Arguments.of("tampered payload",
						(Supplier<String>) () -> BrokenTokens.tamperedPayload(minter.token("alice", "PROVIDER"))));
	}

	@Test
	void readWhenNoTokenIsUnauthenticated() {
		TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(this.channel);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.read(request("x")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	@ParameterizedTest(name = "{0} calls {1}: {2}")
	@CsvSource({ "PROVIDER, read, OK", "AUDITOR, read, OK", "BILLER, read, PERMISSION_DENIED",
			"PHARMACIST, read, PERMISSION_DENIED", "PROVIDER, watch, OK", "AUDITOR, watch, PERMISSION_DENIED",
			"BILLER, upload, OK", "PROVIDER, upload, PERMISSION_DENIED", "AUDITOR, upload, PERMISSION_DENIED",
			"PHARMACIST, exchange, OK", "PROVIDER, exchange, PERMISSION_DENIED", "BILLER, exchange, PERMISSION_DENIED",
			"PROVIDER, update, PERMISSION_DENIED" })
	void callWhenRoleGivenIsAllowedOrDeniedAsItsRuleSays(String role, String method, Status.Code expected)
			throws InterruptedException {
		String token = minter.token("user-" + role.toLowerCase(Locale.ROOT), role);
		assertThat(call(method, token)).isEqualTo(expected);
	}

	@Test
	void peekWhenMethodHasNoRuleIsPermissionDeniedEvenForAnyRole() {
		String token = minter.token().subject("alice").roles("PROVIDER", "AUDITOR", "BILLER", "PHARMACIST").build();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> UnguardedGrpc.newBlockingStub(this.channel)
				.withCallCredentials(SecuredChannels.bearer(token))
				.peek(request("x")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void healthWhenNoTokenIsServing() {
		ServingStatus status = HealthGrpc.newBlockingStub(this.channel)
			.check(HealthCheckRequest.getDefaultInstance())
			.getStatus();
		assertThat(status).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void readWhenPlaintextClientIsRefused() {
		ManagedChannel plaintext = SecuredChannels.plaintext("localhost", this.port);
		try {
			String token = minter.token("alice", "PROVIDER");
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> TestRecordsGrpc.newBlockingStub(plaintext)
					.withCallCredentials(SecuredChannels.bearer(token))
					.withDeadlineAfter(Duration.ofSeconds(10))
					.read(request("x")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE,
						Status.Code.INTERNAL, Status.Code.UNKNOWN));
		}
		finally {
			plaintext.shutdownNow();
		}
	}

	@Test
	void readWhenTwoIdentitiesInterleaveNeverSeesTheOtherIdentity() throws Exception {
		String alice = minter.token("alice", "PROVIDER");
		String bob = minter.token("bob", "AUDITOR");
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				boolean useAlice = (i % 2) == 0;
				String id = "call-" + i;
				results.add(clients.submit(() -> {
					RecordReply reply = records(useAlice ? alice : bob).read(request(id));
					String expected = useAlice ? "alice" : "bob";
					String role = useAlice ? "ROLE_PROVIDER" : "ROLE_AUDITOR";
					String otherRole = useAlice ? "ROLE_AUDITOR" : "ROLE_PROVIDER";
					return reply.getId().equals(id) && reply.getPrincipal().equals(expected)
							&& reply.getAuthoritiesList().contains(role)
							&& !reply.getAuthoritiesList().contains(otherRole);
				}));
			}
			int matched = 0;
			for (Future<Boolean> result : results) {
				matched += result.get() ? 1 : 0;
			}
			assertThat(matched).isEqualTo(1000);
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void readWhenSigningKeyIsWithdrawnStopsAcceptingCachedToken() {
		String token = new JwtMinter(retiringKey, ISSUER, AUDIENCE).token("carol", "PROVIDER");
		assertThat(records(token).read(request("x")).getPrincipal()).isEqualTo("carol");
		assertThat(records(token).read(request("x")).getPrincipal()).isEqualTo("carol");
		jwks.withdraw(retiringKey.keyId());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> records(token).read(request("x")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED)));
	}

	@Test
	void reflectionWhenNotEnabledIsNotServed() throws InterruptedException {
		String token = minter.token("alice", "PROVIDER");
		StreamRecorder<ServerReflectionResponse> recorder = new StreamRecorder<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.serverReflectionInfo(recorder);
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
		requests.onCompleted();
		Throwable error = recorder.awaitEnd();
		assertThat(error).isNotNull();
		assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@Test
	void readWhenRejectedNamesNoTokenDetailInStatus() {
		String token = minter.token().roles("PROVIDER").audience("billing-service").build();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> records(token).read(request("x")))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription()).isEqualTo("Authentication failed"));
	}

	private Status.Code call(String method, String token) throws InterruptedException {
		try {
			switch (method) {
				case "read" -> records(token).read(request("x"));
				case "update" -> records(token).update(request("x"));
				case "watch" -> drain(records(token).watch(request("x")));
				case "upload" -> upload(token);
				case "exchange" -> exchange(token);
				default -> throw new IllegalArgumentException(method);
			}
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

	private void drain(Iterator<RecordReply> replies) {
		int count = 0;
		while (replies.hasNext()) {
			replies.next();
			count++;
		}
		assertThat(count).isEqualTo(3);
	}

	private void upload(String token) throws InterruptedException {
		StreamRecorder<RecordReply> recorder = new StreamRecorder<>();
		StreamObserver<RecordRequest> requests = TestRecordsGrpc.newStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.upload(recorder);
		requests.onNext(request("a"));
		requests.onNext(request("b"));
		requests.onCompleted();
		recorder.awaitAndRethrow();
		assertThat(recorder.replies()).extracting(RecordReply::getId).containsExactly("a,b");
	}

	private void exchange(String token) throws InterruptedException {
		StreamRecorder<RecordReply> recorder = new StreamRecorder<>();
		StreamObserver<RecordRequest> requests = TestRecordsGrpc.newStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.exchange(recorder);
		requests.onNext(request("a"));
		requests.onNext(request("b"));
		requests.onCompleted();
		recorder.awaitAndRethrow();
		assertThat(recorder.replies()).extracting(RecordReply::getId).containsExactly("a", "b");
	}

	private TestRecordsBlockingStub records(String token) {
		return TestRecordsGrpc.newBlockingStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.withDeadlineAfter(Duration.ofSeconds(30));
	}

	private static RecordRequest request(String id) {
		return RecordRequest.newBuilder().setId(id).build();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SecuredServerConfiguration {

		@Bean
		TestRecordsService testRecordsService() {
			return new TestRecordsService();
		}

		@Bean
		UnguardedService unguardedService() {
			return new UnguardedService();
		}

		@Bean(destroyMethod = "")
		GrpcServerExecutorProvider grpcServerExecutorProvider() {
			ExecutorService executor = Executors.newFixedThreadPool(2);
			return () -> executor;
		}

	}

}
