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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitMetrics;
import io.github.hipaagrpc.test.JwtMinter;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestSigningKey;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
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
 * three calls an hour, per client certificate or client id, and per address before any
 * token is verified.
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

	StatusRuntimeException refusal(Runnable call) {
		StatusRuntimeException refused = assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.actual();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		return refused;
	}

	long pushbackMillis(StatusRuntimeException refused) {
		Metadata trailers = refused.getTrailers();
		if (trailers == null) {
			throw new AssertionError("The refusal has no trailers");
		}
		String pushback = trailers.get(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER));
		if (pushback == null) {
			throw new AssertionError("The refusal has no retry pushback");
		}
		return Long.parseLong(pushback);
	}

	double decisions(MeterRegistry registry, String method, String point, String outcome) {
		Counter counter = registry.find(HipaaGrpcRateLimitMetrics.DECISIONS)
			.tags("method", "hipaagrpc.test.v1.TestRecords/" + method, "point", point, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
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
					"resilience4j.ratelimiter.configs.one.limit-for-period=1",
					"resilience4j.ratelimiter.configs.one.limit-refresh-period=1h",
					"hipaa.grpc.rate-limit.consumer.default-limit=three",
					"hipaa.grpc.rate-limit.consumer.methods[hipaagrpc.test.v1.TestRecords/Update]=one",
					"hipaa.grpc.rate-limit.consumer.consumers[trusted-service]=unlimited",
					"hipaa.grpc.rate-limit.address.limit=unlimited" })
	class ConsumerLimitTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		MeterRegistry meterRegistry;

		@Autowired
		RateLimiterRegistry rateLimiterRegistry;

		@Autowired
		HipaaGrpcRateLimitProperties properties;

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

		@Test
		void callsWhenMethodNamesItsOwnLimitInBracketsUseItAndCountEachDecision() throws InterruptedException {
			assertThat(this.properties.getConsumer().getMethods()).containsEntry("hipaagrpc.test.v1.TestRecords/Update",
					"one");
			double updatesGranted = decisions(this.meterRegistry, "Update", "consumer", "granted");
			double updatesRejected = decisions(this.meterRegistry, "Update", "consumer", "rejected");
			double readsGranted = decisions(this.meterRegistry, "Read", "consumer", "granted");
			ManagedChannel channel = support.channel(this.port);
			try {
				String carol = support.minter().token("dr-carol", "PROVIDER");
				assertThat(update(channel, carol).getPrincipal()).isEqualTo("dr-carol");
				refusal(() -> update(channel, carol));
				for (int i = 0; i < 3; i++) {
					assertThat(read(channel, carol).getPrincipal()).isEqualTo("dr-carol");
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			assertThat(decisions(this.meterRegistry, "Update", "consumer", "granted") - updatesGranted).isEqualTo(1);
			assertThat(decisions(this.meterRegistry, "Update", "consumer", "rejected") - updatesRejected).isEqualTo(1);
			assertThat(decisions(this.meterRegistry, "Read", "consumer", "granted") - readsGranted).isEqualTo(3);
		}

		@Test
		void callsFromManyConsumersAddNoLimiterToRegistriesAndNoConsumerToMeters() throws InterruptedException {
			List<String> consumers = List.of("consumer-a", "consumer-b", "consumer-c", "consumer-d", "consumer-e");
			ManagedChannel channel = support.channel(this.port);
			try {
				for (String consumer : consumers) {
					String token = support.minter().token(consumer, "PROVIDER");
					assertThat(read(channel, token).getPrincipal()).isEqualTo(consumer);
					assertThat(update(channel, token).getPrincipal()).isEqualTo(consumer);
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			assertThat(this.rateLimiterRegistry.getAllRateLimiters()).isEmpty();
			List<Meter> meters = this.meterRegistry.getMeters();
			assertThat(meters).extracting((meter) -> meter.getId().getName())
				.contains(HipaaGrpcRateLimitMetrics.DECISIONS)
				.noneMatch((name) -> name.startsWith("resilience4j.ratelimiter"));
			assertThat(meters).flatExtracting((meter) -> meter.getId().getTags())
				.extracting(Tag::getValue)
				.doesNotContainAnyElementsOf(consumers);
			assertThat(meters)
				.filteredOn((meter) -> meter.getId().getName().equals(HipaaGrpcRateLimitMetrics.DECISIONS))
				.allSatisfy((meter) -> assertThat(meter.getId().getTags()).extracting(Tag::getKey)
					.containsExactlyInAnyOrder("method", "point", "outcome"));
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

		@Autowired
		MeterRegistry meterRegistry;

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

		@Test
		void callsWhenAddressBudgetIsUsedUpAreRefusedWithPushbackAndCounted()
				throws InterruptedException, SSLException {
			double granted = decisions(this.meterRegistry, "Read", "address", "granted");
			double rejected = decisions(this.meterRegistry, "Read", "address", "rejected");
			String alice = support.minter().token("dr-alice", "PROVIDER");
			ManagedChannel channel = channelFrom("127.0.0.6", this.port);
			try {
				for (int i = 0; i < 5; i++) {
					assertThat(read(channel, alice).getPrincipal()).isEqualTo("dr-alice");
				}
				StatusRuntimeException refused = refusal(() -> read(channel, alice));
				assertThat(refused.getStatus().getDescription()).isEqualTo("Too many requests; retry later");
				assertThat(pushbackMillis(refused)).isPositive().isLessThanOrEqualTo(TimeUnit.HOURS.toMillis(1));
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			assertThat(decisions(this.meterRegistry, "Read", "address", "granted") - granted).isEqualTo(5);
			assertThat(decisions(this.meterRegistry, "Read", "address", "rejected") - rejected).isEqualTo(1);
			assertThat(decisions(this.meterRegistry, "Read", "consumer", "granted")).isZero();
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
	 * Two calls an hour per consumer over mutual TLS, with consumers that present a token
	 * named by the client they were issued to.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "spring.grpc.server.ssl.client-auth=require",
					"resilience4j.ratelimiter.configs.two.limit-for-period=2",
					"resilience4j.ratelimiter.configs.two.limit-refresh-period=1h",
					"hipaa.grpc.rate-limit.consumer.default-limit=two", "hipaa.grpc.rate-limit.consumer.key=client-id",
					"hipaa.grpc.rate-limit.address.limit=unlimited" })
	class ConsumerIdentityTests {

		@Value("${local.grpc.server.port}")
		int port;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
			Path ca = support.pki().writeCaPem(Files.createTempDirectory("hipaa-grpc-ca"));
			registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + ca);
		}

		@Test
		void callsWithClientCertificateAndNoTokenAreLimitedPerCertificateIdentity() throws InterruptedException {
			String billing = "spiffe://hipaa-grpc.test/billing";
			ManagedChannel first = mutualTls(support.pki().issueClient("billing"));
			ManagedChannel second = mutualTls(support.pki().issueClient("billing"));
			ManagedChannel scheduler = mutualTls(support.pki().issueClient("scheduler"));
			try {
				assertThat(readWithoutToken(first).getPrincipal()).isEqualTo(billing);
				assertThat(readWithoutToken(second).getPrincipal()).isEqualTo(billing);
				refusal(() -> readWithoutToken(first));
				refusal(() -> readWithoutToken(second));
				assertThat(readWithoutToken(scheduler).getPrincipal()).isEqualTo("spiffe://hipaa-grpc.test/scheduler");
			}
			finally {
				first.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				second.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				scheduler.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

		@Test
		void callsWhenConsumerKeyIsClientIdShareOneBudgetAcrossSubjectsOfThatClient() throws InterruptedException {
			String alice = support.minter()
				.token()
				.subject("dr-alice")
				.roles("PROVIDER")
				.claim("azp", "portal")
				.build();
			String bob = support.minter().token().subject("dr-bob").roles("PROVIDER").claim("azp", "portal").build();
			String carol = support.minter().token().subject("dr-carol").roles("PROVIDER").claim("azp", "kiosk").build();
			ManagedChannel channel = mutualTls(support.pki().issueClient("gateway"));
			try {
				assertThat(read(channel, alice).getPrincipal()).isEqualTo("dr-alice");
				assertThat(read(channel, bob).getPrincipal()).isEqualTo("dr-bob");
				refusal(() -> read(channel, alice));
				refusal(() -> read(channel, bob));
				assertThat(read(channel, carol).getPrincipal()).isEqualTo("dr-carol");
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

		private ManagedChannel mutualTls(TestCertificate certificate) {
			return SecuredChannels.mutualTls("localhost", this.port, certificate, support.pki().caCertificate());
		}

		private RecordReply readWithoutToken(ManagedChannel channel) {
			return TestRecordsGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.read(RecordRequest.newBuilder().setId("1").build());
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
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
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
		@PreAuthorize("hasAnyRole('PROVIDER', 'SERVICE')")
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
