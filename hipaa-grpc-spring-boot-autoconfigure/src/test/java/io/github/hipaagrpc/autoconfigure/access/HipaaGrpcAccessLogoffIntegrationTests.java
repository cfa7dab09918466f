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

package io.github.hipaagrpc.autoconfigure.access;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffReason;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.Context;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for automatic logoff over a real TLS socket: server-, client- and bidi-streaming
 * calls closed with {@code UNAUTHENTICATED} when their token expires or they reach the
 * maximum stream duration, with the reason in the trailers and the audit record.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcAccessLogoffIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final Duration GENEROUS = Duration.ofSeconds(30);

	@AfterAll
	void stop() {
		support.close();
	}

	static String token(Duration lifetime) {
		return support.minter()
			.token()
			.subject("dr-logoff")
			.roles("PROVIDER")
			.expiresAt(Instant.now().plus(lifetime))
			.build();
	}

	/**
	 * Calls to one server, whatever its settings.
	 */
	abstract static class LogoffTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		HipaaGrpcAuditWriter writer;

		@Autowired
		HipaaGrpcAccessLogoffInterceptor logoff;

		@Autowired
		StreamingRecordsService service;

		@Autowired
		CloseCounter closes;

		ManagedChannel channel;

		@BeforeEach
		void openChannel() {
			this.channel = support.channel(this.port);
			this.service.failures().clear();
		}

		@AfterEach
		void closeChannel() throws InterruptedException {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}

		TestRecordsGrpc.TestRecordsStub stub(String correlationId, String token) {
			Metadata headers = new Metadata();
			headers.put(CorrelationId.METADATA_KEY, correlationId);
			return TestRecordsGrpc.newStub(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.withCallCredentials(SecuredChannels.bearer(token))
				.withDeadlineAfter(60, TimeUnit.SECONDS);
		}

		Outcome watch(String correlationId, String token, String mode) {
			Outcome outcome = new Outcome();
			stub(correlationId, token).watch(RecordRequest.newBuilder().setId(mode).build(), outcome);
			return outcome;
		}

		Map<String, Object> auditRecord(String correlationId) {
			await().atMost(GENEROUS).until(() -> count(correlationId) == 1 && this.writer.getQueueDepth() == 0);
			return this.jdbc.queryForMap("select * from hipaa_grpc_audit_record where correlation_id = ?",
					correlationId);
		}

		int count(String correlationId) {
			Integer count = this.jdbc.queryForObject(
					"select count(*) from hipaa_grpc_audit_record where correlation_id = ?", Integer.class,
					correlationId);
			return (count != null) ? count : 0;
		}

		static void assertLoggedOff(Outcome outcome, HipaaGrpcAccessLogoffReason reason) {
			Status status = outcome.status();
			assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(status.getDescription()).isEqualTo(reason.status().getDescription());
			assertThat(outcome.trailers.get()).isNotNull()
				.satisfies((trailers) -> assertThat(trailers.get(HipaaGrpcAccessLogoffReason.TRAILER))
					.isEqualTo(reason.code()));
		}

		@Test
		void watchWhenStreamEndsBeforeLogoffIsUnaffectedAndLeavesNoWatchedStream() {
			String token = token(Duration.ofMinutes(10));
			for (int i = 0; i < 50; i++) {
				Outcome outcome = watch("logoff-normal-" + i, token, "3");
				assertThat(outcome.status().getCode()).isEqualTo(Status.Code.OK);
				assertThat(outcome.messages).hasValue(3);
			}
			await().atMost(GENEROUS).until(() -> this.logoff.getWatchedStreams() == 0);
			assertThat(this.service.failures()).isEmpty();
		}

		@Test
		void readWhenTokenIsShortLivedIsUnaffected() {
			String token = token(Duration.ofSeconds(2));
			RecordReply reply = TestRecordsGrpc.newBlockingStub(this.channel)
				.withCallCredentials(SecuredChannels.bearer(token))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.read(RecordRequest.newBuilder().setId("unary").build());
			assertThat(reply.getId()).isEqualTo("unary");
		}

	}

	/**
	 * Default settings: logoff when the token expires, maximum stream duration of one
	 * hour.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE)
	class TokenExpiryTests extends LogoffTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void watchWhenTokenExpiresIsClosedWithUnauthenticatedAndAuditRecordSaysWhy() {
			Instant opened = Instant.now();
			Outcome outcome = watch("logoff-expiry-01", token(Duration.ofSeconds(2)), "");
			assertLoggedOff(outcome, HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED);
			assertThat(Duration.between(opened, outcome.closedAt())).isBetween(Duration.ofMillis(500), GENEROUS);
			assertThat(outcome.messages.get()).isPositive();
			Map<String, Object> record = auditRecord("logoff-expiry-01");
			assertThat(record.get("status_code")).isEqualTo("UNAUTHENTICATED");
			assertThat(record.get("decision")).isEqualTo("DENIED");
			assertThat(record.get("principal")).isEqualTo("dr-logoff");
			assertThat(record.get("detail")).isEqualTo("logoff=token-expired");
			await().atMost(GENEROUS)
				.untilAsserted(() -> assertThat(this.service.cancellations())
					.anySatisfy((cause) -> assertThat(Status.fromThrowable(cause).getCode())
						.isEqualTo(Status.Code.UNAUTHENTICATED)));
			assertThat(this.logoff.getLogoffs(HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED)).isPositive();
		}

		@Test
		void watchWhenLoggedOffCanContinueOnNewStreamWithFreshToken() {
			Outcome first = watch("logoff-again-01", token(Duration.ofSeconds(2)), "");
			assertLoggedOff(first, HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED);
			Outcome second = watch("logoff-again-02", token(Duration.ofMinutes(10)), "3");
			assertThat(second.status().getCode()).isEqualTo(Status.Code.OK);
			assertThat(second.messages).hasValue(3);
		}

		@Test
		void uploadWhenTokenExpiresIsClosedWithUnauthenticated() {
			Outcome outcome = new Outcome();
			StreamObserver<RecordRequest> requests = stub("logoff-upload-1", token(Duration.ofSeconds(2)))
				.upload(outcome);
			requests.onNext(RecordRequest.newBuilder().setId("a").build());
			assertLoggedOff(outcome, HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED);
			assertThat(auditRecord("logoff-upload-1").get("detail")).isEqualTo("logoff=token-expired");
			await().atMost(GENEROUS)
				.untilAsserted(() -> assertThat(this.service.requestErrors()).hasValueGreaterThanOrEqualTo(1));
		}

		@Test
		void exchangeWhenTokenExpiresIsClosedWithUnauthenticated() {
			Outcome outcome = new Outcome();
			StreamObserver<RecordRequest> requests = stub("logoff-exchange", token(Duration.ofSeconds(2)))
				.exchange(outcome);
			requests.onNext(RecordRequest.newBuilder().setId("a").build());
			assertLoggedOff(outcome, HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED);
			assertThat(outcome.messages).hasValue(1);
			assertThat(auditRecord("logoff-exchange").get("status_code")).isEqualTo("UNAUTHENTICATED");
		}

	}

	/**
	 * A short maximum stream duration, under long-lived tokens.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = "hipaa.grpc.access.logoff.max-stream-duration=2s")
	class MaxStreamDurationTests extends LogoffTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void watchWhenMaxStreamDurationIsReachedIsClosedWithUnauthenticatedAndAuditRecordSaysWhy() {
			Outcome outcome = watch("logoff-maximum-1", token(Duration.ofMinutes(30)), "");
			assertLoggedOff(outcome, HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION);
			Map<String, Object> record = auditRecord("logoff-maximum-1");
			assertThat(record.get("status_code")).isEqualTo("UNAUTHENTICATED");
			assertThat(record.get("detail")).isEqualTo("logoff=max-stream-duration");
		}

		@Test
		void metricsCountLogoffsByReason(@Autowired MeterBinder hipaaGrpcAccessLogoffMetrics) {
			MeterRegistry registry = new SimpleMeterRegistry();
			hipaaGrpcAccessLogoffMetrics.bindTo(registry);
			assertLoggedOff(watch("logoff-metrics-1", token(Duration.ofMinutes(30)), ""),
					HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION);
			assertThat(registry.get("hipaa.grpc.access.logoffs")
				.tag("reason", "max-stream-duration")
				.functionCounter()
				.count()).isPositive();
			await().atMost(GENEROUS)
				.untilAsserted(
						() -> assertThat(registry.get("hipaa.grpc.access.logoff.streams").gauge().value()).isZero());
		}

	}

	/**
	 * A maximum stream duration short enough to close hundreds of busy streams from one
	 * address, far past the address's budget of failed authentications, which logoffs
	 * must not use up.
	 */
	@Nested
	@ExtendWith(OutputCaptureExtension.class)
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = "hipaa.grpc.access.logoff.max-stream-duration=100ms")
	class RaceTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		HipaaGrpcAccessLogoffInterceptor logoff;

		@Autowired
		StreamingRecordsService service;

		@Autowired
		CloseCounter closes;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void watchWhenServiceSendsWhileLogoffFiresClosesOnceWithoutErrors(CapturedOutput output)
				throws InterruptedException {
			ManagedChannel channel = support.channel(this.port);
			try {
				String token = token(Duration.ofMinutes(30));
				for (int i = 0; i < 200; i++) {
					Outcome outcome = new Outcome();
					TestRecordsGrpc.newStub(channel)
						.withCallCredentials(SecuredChannels.bearer(token))
						.withDeadlineAfter(60, TimeUnit.SECONDS)
						.watch(RecordRequest.newBuilder().setId("flood").build(), outcome);
					LogoffTests.assertLoggedOff(outcome, HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION);
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			await().atMost(GENEROUS).until(() -> this.logoff.getWatchedStreams() == 0);
			assertThat(this.logoff.getLogoffs(HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION)).isEqualTo(200);
			assertThat(this.service.failures()).isEmpty();
			assertThat(this.closes.maximum).hasValue(1);
			assertThat(output).doesNotContain("already closed")
				.doesNotContain("call already cancelled")
				.doesNotContain("Exception while executing runnable")
				.doesNotContain("ERROR");
		}

	}

	/**
	 * What a client saw of one call.
	 */
	static class Outcome implements StreamObserver<RecordReply> {

		final AtomicInteger messages = new AtomicInteger();

		final AtomicReference<@Nullable Metadata> trailers = new AtomicReference<>();

		private final CompletableFuture<Status> closed = new CompletableFuture<>();

		private volatile Instant closedAt = Instant.MAX;

		@Override
		public void onNext(RecordReply value) {
			this.messages.incrementAndGet();
		}

		@Override
		public void onError(Throwable ex) {
			this.trailers.set(Status.trailersFromThrowable(ex));
			this.closedAt = Instant.now();
			this.closed.complete(Status.fromThrowable(ex));
		}

		@Override
		public void onCompleted() {
			this.closedAt = Instant.now();
			this.closed.complete(Status.OK);
		}

		Status status() {
			return this.closed.orTimeout(GENEROUS.toSeconds(), TimeUnit.SECONDS).join();
		}

		Instant closedAt() {
			status();
			return this.closedAt;
		}

	}

	/**
	 * Application with the streaming service.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		StreamingRecordsService streamingRecordsService() {
			return new StreamingRecordsService();
		}

		@Bean
		@GlobalServerInterceptor
		CloseCounter closeCounter() {
			return new CloseCounter();
		}

	}

	/**
	 * Counts how often each call is closed, just outside the logoff layer.
	 */
	static class CloseCounter implements ServerInterceptor, Ordered {

		final AtomicInteger maximum = new AtomicInteger();

		@Override
		public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			AtomicInteger closes = new AtomicInteger();
			return next.startCall(new SimpleForwardingServerCall<>(call) {

				@Override
				public void close(Status status, Metadata trailers) {
					CloseCounter.this.maximum.accumulateAndGet(closes.incrementAndGet(), Math::max);
					super.close(status, trailers);
				}

			}, headers);
		}

		@Override
		public int getOrder() {
			return HipaaGrpcInterceptorOrder.LOGOFF - 1;
		}

	}

	/**
	 * Service whose streams run until they are cancelled, or send the number of replies a
	 * request names; in the "flood" mode it sends from its own thread as fast as flow
	 * control lets it, until the call is cancelled.
	 */
	static class StreamingRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		/**
		 * Large enough that flow control lets only a few hundred replies be in flight,
		 * which a client reads through in moments.
		 */
		private static final RecordReply FLOOD_REPLY = reply("flood-" + "x".repeat(4096));

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final List<Throwable> cancellations = new CopyOnWriteArrayList<>();

		final AtomicInteger requestErrors = new AtomicInteger();

		private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);

		private final ExecutorService senders = Executors.newCachedThreadPool();

		private void cancelled(Context context) {
			Throwable cause = context.cancellationCause();
			if (cause != null) {
				this.cancellations.add(cause);
			}
		}

		List<Throwable> failures() {
			return this.failures;
		}

		List<Throwable> cancellations() {
			return this.cancellations;
		}

		AtomicInteger requestErrors() {
			return this.requestErrors;
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			responseObserver.onNext(reply(request.getId()));
			responseObserver.onCompleted();
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			ServerCallStreamObserver<RecordReply> observer = (ServerCallStreamObserver<RecordReply>) responseObserver;
			observer.setOnCancelHandler(() -> {
			});
			Context.current().addListener(this::cancelled, Runnable::run);
			if ("flood".equals(request.getId())) {
				Semaphore ready = new Semaphore(0);
				observer.setOnReadyHandler(ready::release);
				this.senders.execute(() -> flood(observer, ready));
			}
			else if (request.getId().isEmpty()) {
				tick(observer);
			}
			else {
				int count = Integer.parseInt(request.getId());
				for (int i = 0; i < count; i++) {
					observer.onNext(reply(Integer.toString(i)));
				}
				observer.onCompleted();
			}
		}

		private void flood(ServerCallStreamObserver<RecordReply> observer, Semaphore ready) {
			try {
				Instant giveUp = Instant.now().plus(GENEROUS);
				while (!observer.isCancelled() && Instant.now().isBefore(giveUp)) {
					if (observer.isReady()) {
						observer.onNext(FLOOD_REPLY);
					}
					else {
						ready.tryAcquire(50, TimeUnit.MILLISECONDS);
					}
				}
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void tick(ServerCallStreamObserver<RecordReply> observer) {
			AtomicReference<@Nullable ScheduledFuture<?>> task = new AtomicReference<>();
			task.set(this.ticker.scheduleWithFixedDelay(() -> {
				if (observer.isCancelled()) {
					ScheduledFuture<?> self = task.get();
					if (self != null) {
						self.cancel(false);
					}
					return;
				}
				try {
					observer.onNext(reply("tick"));
				}
				catch (RuntimeException ex) {
					this.failures.add(ex);
				}
			}, 0, 100, TimeUnit.MILLISECONDS));
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public StreamObserver<RecordRequest> upload(StreamObserver<RecordReply> responseObserver) {
			return new StreamObserver<>() {

				@Override
				public void onNext(RecordRequest value) {
				}

				@Override
				public void onError(Throwable ex) {
					StreamingRecordsService.this.requestErrors.incrementAndGet();
				}

				@Override
				public void onCompleted() {
					responseObserver.onNext(reply("uploaded"));
					responseObserver.onCompleted();
				}

			};
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public StreamObserver<RecordRequest> exchange(StreamObserver<RecordReply> responseObserver) {
			return new StreamObserver<>() {

				@Override
				public void onNext(RecordRequest value) {
					responseObserver.onNext(reply(value.getId()));
				}

				@Override
				public void onError(Throwable ex) {
					StreamingRecordsService.this.requestErrors.incrementAndGet();
				}

				@Override
				public void onCompleted() {
					responseObserver.onCompleted();
				}

			};
		}

		private static RecordReply reply(String id) {
			return RecordReply.newBuilder().setId(id).build();
		}

	}

}
