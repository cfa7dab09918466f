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

package io.github.hipaagrpc.autoconfigure.ratelimit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitMetrics;
import io.github.hipaagrpc.test.JwtMinter;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestSigningKey;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for rate limits over a real TLS socket: per consumer and method with a budget of
 * three calls an hour, and per address before any token is verified.
 */
class HipaaGrpcRateLimitIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	RecordReply read(ManagedChannel channel, String token) {
		return TestRecordsGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withCallCredentials(SecuredChannels.bearer(token))
			.read(RecordRequest.newBuilder().setId("1").build());
	}

	RecordReply update(ManagedChannel channel, String token) {
		return TestRecordsGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.withCallCredentials(SecuredChannels.bearer(token))
			.update(RecordRequest.newBuilder().setId("1").build());
	}

	Status.Code codeOf(Runnable call) {
		try {
			call.run();
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

	ManagedChannel channelFrom(String localAddress, int port) throws SSLException {
		return NettyChannelBuilder.forAddress("127.0.0.1", port)
			.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {

				@Override
				public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attributes) {
					return new InetSocketAddress(localAddress, 0);
				}

			})
			.overrideAuthority("localhost")
			.sslContext(GrpcSslContexts.forClient().trustManager(support.pki().caCertificate()).build())
			.build();
	}

	/**
	 * Three calls an hour per consumer and method; one trusted client without a limit.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "resilience4j.ratelimiter.configs.three.limit-for-period=3",
					"resilience4j.ratelimiter.configs.three.limit-refresh-period=1h",
					"hipaa.grpc.rate-limit.consumer.default-limit=three",
					"hipaa.grpc.rate-limit.consumer.consumers[trusted-service]=unlimited",
					"hipaa.grpc.rate-limit.address.limit=unlimited" })
	class ConsumerLimitTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		MeterRegistry meterRegistry;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void callsWhenBudgetIsUsedUpAreRefusedWithPushbackAndCorrelationIdWhileOthersGoOn()
				throws InterruptedException {
			ManagedChannel channel = support.channel(this.port);
			try {
				String alice = support.minter().token("dr-alice", "PROVIDER");
				for (int i = 0; i < 3; i++) {
					assertThat(read(channel, alice).getPrincipal()).isEqualTo("dr-alice");
				}
				StatusRuntimeException refused = assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> read(channel, alice))
					.actual();
				assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(refused.getStatus().getDescription()).isEqualTo("Too many requests; retry later");
				Metadata trailers = refused.getTrailers();
				if (trailers == null) {
					throw new AssertionError("The refusal has no trailers");
				}
				String pushback = trailers
					.get(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER));
				assertThat(pushback).isNotNull();
				assertThat(Long.parseLong(pushback)).isPositive().isLessThanOrEqualTo(TimeUnit.HOURS.toMillis(1));
				assertThat(trailers.get(CorrelationId.METADATA_KEY)).isNotBlank();
				assertThat(read(channel, support.minter().token("dr-bob", "PROVIDER")).getPrincipal())
					.isEqualTo("dr-bob");
				assertThat(update(channel, alice).getPrincipal()).isEqualTo("dr-alice");
				assertThat(this.meterRegistry.get(HipaaGrpcRateLimitMetrics.DECISIONS)
					.tag("method", "hipaagrpc.test.v1.TestRecords/Read")
					.tag("point", "consumer")
					.tag("outcome", "rejected")
					.counter()
					.count()).isGreaterThanOrEqualTo(1);
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

		@Test
		void callsWhenConsumerIsUnlimitedAreNeverRefused() throws InterruptedException {
			ManagedChannel channel = support.channel(this.port);
			try {
				String trusted = support.minter().token("trusted-service", "PROVIDER");
				for (int i = 0; i < 10; i++) {
					assertThat(read(channel, trusted).getPrincipal()).isEqualTo("trusted-service");
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * Five calls an hour per client address, no consumer limit, and a decoder that counts
	 * the tokens it is asked to verify.
	 */
	@Nested
	@SpringBootTest(classes = CountingDecoderConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "resilience4j.ratelimiter.configs.five.limit-for-period=5",
					"resilience4j.ratelimiter.configs.five.limit-refresh-period=1h",
					"hipaa.grpc.rate-limit.address.limit=five",
					"hipaa.grpc.rate-limit.consumer.default-limit=unlimited" })
	class AddressLimitTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		AtomicInteger decodedTokens;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void floodOfBadTokensFromOneAddressIsRefusedBeforeVerificationWhileOtherAddressesGoOn()
				throws InterruptedException, SSLException {
			JwtMinter forger = new JwtMinter(TestSigningKey.rsa("forged"), SecuredServerSupport.ISSUER,
					SecuredServerSupport.AUDIENCE);
			String forged = forger.token("mallory", "PROVIDER");
			ManagedChannel attacker = channelFrom("127.0.0.2", this.port);
			ManagedChannel clinician = channelFrom("127.0.0.3", this.port);
			try {
				int before = this.decodedTokens.get();
				for (int i = 0; i < 5; i++) {
					assertThat(codeOf(() -> read(attacker, forged))).isEqualTo(Status.Code.UNAUTHENTICATED);
				}
				for (int i = 0; i < 20; i++) {
					assertThat(codeOf(() -> read(attacker, forged))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				}
				assertThat(this.decodedTokens.get() - before).isEqualTo(5);
				String alice = support.minter().token("dr-alice", "PROVIDER");
				assertThat(read(clinician, alice).getPrincipal()).isEqualTo("dr-alice");
			}
			finally {
				attacker.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				clinician.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * No limit per address on valid calls, but three failed authentications an hour per
	 * address.
	 */
	@Nested
	@SpringBootTest(classes = CountingDecoderConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "resilience4j.ratelimiter.configs.three.limit-for-period=3",
					"resilience4j.ratelimiter.configs.three.limit-refresh-period=1h",
					"hipaa.grpc.rate-limit.address.limit=unlimited",
					"hipaa.grpc.rate-limit.address.unauthenticated-limit=three",
					"hipaa.grpc.rate-limit.consumer.default-limit=unlimited" })
	class UnauthenticatedLimitTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		AtomicInteger decodedTokens;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void callsWhenAddressFailsAuthenticationTooOftenAreRefusedBeforeVerificationWhileOthersGoOn()
				throws InterruptedException, SSLException {
			JwtMinter forger = new JwtMinter(TestSigningKey.rsa("forged"), SecuredServerSupport.ISSUER,
					SecuredServerSupport.AUDIENCE);
			String forged = forger.token("mallory", "PROVIDER");
			String alice = support.minter().token("dr-alice", "PROVIDER");
			ManagedChannel attacker = channelFrom("127.0.0.4", this.port);
			ManagedChannel clinician = channelFrom("127.0.0.5", this.port);
			try {
				for (int i = 0; i < 30; i++) {
					assertThat(read(clinician, alice).getPrincipal()).isEqualTo("dr-alice");
				}
				int before = this.decodedTokens.get();
				for (int i = 0; i < 4; i++) {
					assertThat(codeOf(() -> read(attacker, forged))).isEqualTo(Status.Code.UNAUTHENTICATED);
				}
				for (int i = 0; i < 20; i++) {
					assertThat(codeOf(() -> read(attacker, forged))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				}
				assertThat(codeOf(() -> read(attacker, alice))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(this.decodedTokens.get() - before).isEqualTo(4);
				assertThat(read(clinician, alice).getPrincipal()).isEqualTo("dr-alice");
			}
			finally {
				attacker.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				clinician.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * Application with the service and a meter registry.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		CallerRecordsService callerRecordsService() {
			return new CallerRecordsService();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	/**
	 * Application with the service and a decoder that counts its work.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CountingDecoderConfiguration {

		@Bean
		CallerRecordsService callerRecordsService() {
			return new CallerRecordsService();
		}

		@Bean
		AtomicInteger decodedTokens() {
			return new AtomicInteger();
		}

		@Bean
		JwtDecoder countingJwtDecoder(AtomicInteger decodedTokens) {
			JwtDecoder delegate = NimbusJwtDecoder.withJwkSetUri(support.jwks().jwkSetUri()).build();
			return (token) -> {
				decodedTokens.incrementAndGet();
				return delegate.decode(token);
			};
		}

	}

	/**
	 * Service that answers with the caller's name.
	 */
	static class CallerRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(responseObserver);
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(responseObserver);
		}

		private static void reply(StreamObserver<RecordReply> responseObserver) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			String name = (authentication != null) ? authentication.getName() : "anonymous";
			responseObserver.onNext(RecordReply.newBuilder().setId("1").setPrincipal(name).build());
			responseObserver.onCompleted();
		}

	}

}
