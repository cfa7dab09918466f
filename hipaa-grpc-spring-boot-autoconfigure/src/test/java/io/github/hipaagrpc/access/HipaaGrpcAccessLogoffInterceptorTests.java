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

package io.github.hipaagrpc.access;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcAccessLogoffInterceptor}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcAccessLogoffInterceptorTests {

	private static final Duration GENEROUS = Duration.ofSeconds(30);

	private final StreamingService service = new StreamingService();

	private final CloseCounter closes = new CloseCounter();

	private @Nullable HipaaGrpcAccessLogoffInterceptor interceptor;

	private @Nullable Server server;

	private @Nullable ManagedChannel channel;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
		if (this.server != null) {
			this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
		if (this.interceptor != null) {
			this.interceptor.destroy();
		}
		this.service.senders.shutdownNow();
	}

	@Test
	void watchWhenTokenExpiresIsClosedWithUnauthenticatedAndServiceSeesCancellation() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofHours(1), true, jwt(Duration.ofMillis(500)));
		StatusRuntimeException ex = watchUntilClosed("");
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(ex.getStatus().getDescription())
			.isEqualTo("Stream closed: the token that opened it expired; open a new stream with a current token");
		assertThat(ex.getTrailers()).isNotNull()
			.satisfies((trailers) -> assertThat(trailers.get(HipaaGrpcAccessLogoffReason.TRAILER))
				.isEqualTo("token-expired"));
		await().atMost(GENEROUS).until(() -> this.service.cancelHandlers.get() == 1);
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED)).isOne();
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION)).isZero();
		assertNothingWatched(logoff);
	}

	@Test
	void watchWhenCallerHasNoTokenIsClosedAtMaxStreamDuration() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofMillis(300), true,
				new TestingAuthenticationToken("billing-service", null, "ROLE_SERVICE"));
		StatusRuntimeException ex = watchUntilClosed("");
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(ex.getStatus().getDescription())
			.isEqualTo("Stream closed: maximum stream duration reached; open a new stream to continue");
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION)).isOne();
		assertNothingWatched(logoff);
	}

	@Test
	void watchWhenTokenExpiryIsOffIsClosedAtMaxStreamDuration() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofMillis(800), false, jwt(Duration.ofMillis(100)));
		StatusRuntimeException ex = watchUntilClosed("");
		assertThat(ex.getTrailers()).isNotNull()
			.satisfies((trailers) -> assertThat(trailers.get(HipaaGrpcAccessLogoffReason.TRAILER))
				.isEqualTo("max-stream-duration"));
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED)).isZero();
	}

	@Test
	void watchWhenTokenHasAlreadyExpiredIsClosedBeforeServiceRuns() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofHours(1), true, jwt(Duration.ofSeconds(-5)));
		StatusRuntimeException ex = watchUntilClosed("3");
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(this.service.calls).hasValue(0);
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED)).isOne();
		assertNothingWatched(logoff);
	}

	@Test
	void readWhenTokenHasExpiredIsNotWatched() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofMillis(1), true, jwt(Duration.ofSeconds(-5)));
		RecordReply reply = TestRecordsGrpc.newBlockingStub(channel())
			.read(RecordRequest.newBuilder().setId("unary").build());
		assertThat(reply.getId()).isEqualTo("unary");
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED)).isZero();
		assertNothingWatched(logoff);
	}

	@Test
	void watchWhenCallerIsNotAuthenticatedIsNotWatched() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofMillis(1), true, null);
		List<RecordReply> replies = drain(
				TestRecordsGrpc.newBlockingStub(channel()).watch(RecordRequest.newBuilder().setId("3").build()));
		assertThat(replies).hasSize(3);
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION)).isZero();
	}

	@Test
	void watchWhenManyStreamsEndNormallyLeavesNoTimers() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofHours(1), true, jwt(Duration.ofHours(1)));
		for (int i = 0; i < 300; i++) {
			assertThat(drain(
					TestRecordsGrpc.newBlockingStub(channel()).watch(RecordRequest.newBuilder().setId("2").build())))
				.hasSize(2);
		}
		assertNothingWatched(logoff);
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED)).isZero();
		assertThat(this.closes.maximum).hasValue(1);
	}

	@Test
	void watchWhenServiceSendsWhileLogoffFiresClosesEachCallOnceWithoutErrors(CapturedOutput output)
			throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = start(Duration.ofMillis(2), true, jwt(Duration.ofHours(1)));
		int loggedOff = 0;
		for (int i = 0; i < 300; i++) {
			Outcome outcome = new Outcome();
			TestRecordsGrpc.newStub(channel()).watch(RecordRequest.newBuilder().setId("flood").build(), outcome);
			Status status = outcome.closed.orTimeout(30, TimeUnit.SECONDS).join();
			assertThat(status.getCode()).isIn(Status.Code.OK, Status.Code.UNAUTHENTICATED);
			loggedOff += (status.isOk()) ? 0 : 1;
		}
		assertThat(loggedOff).isPositive();
		assertThat(logoff.getLogoffs(HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION)).isEqualTo(loggedOff);
		assertNothingWatched(logoff);
		await().atMost(GENEROUS).until(() -> this.service.floods.get() == 0);
		assertThat(this.service.failures).isEmpty();
		assertThat(this.closes.maximum).hasValue(1);
		assertThat(output).doesNotContain("Exception");
	}

	@Test
	void watchWhenInnerLayerThrowsAsCallStartsLeavesNoTimer() throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = new HipaaGrpcAccessLogoffInterceptor(Duration.ofHours(1), true);
		this.interceptor = logoff;
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(this.service, new Refusing(), logoff, new ClosingOnFailure(),
					new Authenticating(jwt(Duration.ofHours(1)))))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
		StatusRuntimeException ex = watchUntilClosed("3");
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(this.service.calls).hasValue(0);
		assertNothingWatched(logoff);
	}

	@Test
	void constructorWhenMaxStreamDurationIsNotPositiveThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HipaaGrpcAccessLogoffInterceptor(Duration.ZERO, true))
			.withMessage("'maxStreamDuration' must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcAccessLogoffInterceptor(Duration.ofSeconds(-1), true))
			.withMessage("'maxStreamDuration' must be positive");
	}

	@Test
	void getOrderIsInsideAuditAccessAndOutsideConsumerLimit() {
		HipaaGrpcAccessLogoffInterceptor logoff = new HipaaGrpcAccessLogoffInterceptor(Duration.ofHours(1), true);
		this.interceptor = logoff;
		assertThat(logoff.getOrder()).isEqualTo(HipaaGrpcInterceptorOrder.LOGOFF)
			.isGreaterThan(HipaaGrpcInterceptorOrder.AUDIT_ACCESS)
			.isLessThan(HipaaGrpcInterceptorOrder.CONSUMER_LIMIT);
	}

	@Test
	void reasonFromTrailersNamesOnlyKnownCodes() {
		Metadata trailers = new Metadata();
		assertThat(HipaaGrpcAccessLogoffReason.from(trailers)).isNull();
		trailers.put(HipaaGrpcAccessLogoffReason.TRAILER, "something-else");
		assertThat(HipaaGrpcAccessLogoffReason.from(trailers)).isNull();
		Metadata logoff = new Metadata();
		logoff.put(HipaaGrpcAccessLogoffReason.TRAILER, "max-stream-duration");
		assertThat(HipaaGrpcAccessLogoffReason.from(logoff)).isEqualTo(HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION);
	}

	private HipaaGrpcAccessLogoffInterceptor start(Duration maxStreamDuration, boolean onTokenExpiry,
			@Nullable Authentication authentication) throws IOException {
		HipaaGrpcAccessLogoffInterceptor logoff = new HipaaGrpcAccessLogoffInterceptor(maxStreamDuration,
				onTokenExpiry);
		this.interceptor = logoff;
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.addService(
					ServerInterceptors.intercept(this.service, logoff, this.closes, new Authenticating(authentication)))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
		return logoff;
	}

	private ManagedChannel channel() {
		ManagedChannel channel = this.channel;
		if (channel == null) {
			throw new IllegalStateException("No server started");
		}
		return channel;
	}

	private StatusRuntimeException watchUntilClosed(String mode) {
		Iterator<RecordReply> replies = TestRecordsGrpc.newBlockingStub(channel())
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.watch(RecordRequest.newBuilder().setId(mode).build());
		StatusRuntimeException[] thrown = new StatusRuntimeException[1];
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> drain(replies))
			.satisfies((ex) -> thrown[0] = ex);
		return thrown[0];
	}

	private void assertNothingWatched(HipaaGrpcAccessLogoffInterceptor logoff) {
		await().atMost(GENEROUS).until(() -> logoff.getWatchedStreams() == 0 && logoff.pendingTimers() == 0);
	}

	private static List<RecordReply> drain(Iterator<RecordReply> replies) {
		List<RecordReply> drained = new CopyOnWriteArrayList<>();
		replies.forEachRemaining(drained::add);
		return drained;
	}

	private static Authentication jwt(Duration lifetime) {
		Instant now = Instant.now();
		Jwt jwt = Jwt.withTokenValue("unit-token")
			.header("alg", "RS256")
			.subject("dr-unit")
			.issuedAt(now.minus(Duration.ofMinutes(1)))
			.expiresAt(now.plus(lifetime))
			.build();
		return new JwtAuthenticationToken(jwt, List.of());
	}

	/**
	 * Puts the caller's authentication in the security context while the call starts, as
	 * the authentication layer does.
	 */
	private static final class Authenticating implements ServerInterceptor {

		private final @Nullable Authentication authentication;

		Authenticating(@Nullable Authentication authentication) {
			this.authentication = authentication;
		}

		@Override
		public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			SecurityContextHolder.getContext().setAuthentication(this.authentication);
			try {
				return next.startCall(call, headers);
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		}

	}

	/**
	 * Refuses every call by throwing as it starts, as the deny-by-default gate does.
	 */
	private static final class Refusing implements ServerInterceptor {

		@Override
		public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			throw Status.PERMISSION_DENIED.asRuntimeException();
		}

	}

	/**
	 * Closes a call whose start throws with the exception's status, as the error layer
	 * does.
	 */
	private static final class ClosingOnFailure implements ServerInterceptor {

		@Override
		public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			try {
				return next.startCall(call, headers);
			}
			catch (RuntimeException ex) {
				call.close(Status.fromThrowable(ex), new Metadata());
				return new Listener<>() {
				};
			}
		}

	}

	/**
	 * Counts how often each call is closed, outside the logoff layer.
	 */
	private static final class CloseCounter implements ServerInterceptor {

		private final AtomicInteger maximum = new AtomicInteger();

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

	}

	/**
	 * What a client saw of one call.
	 */
	private static final class Outcome implements StreamObserver<RecordReply> {

		private final CompletableFuture<Status> closed = new CompletableFuture<>();

		@Override
		public void onNext(RecordReply value) {
		}

		@Override
		public void onError(Throwable ex) {
			this.closed.complete(Status.fromThrowable(ex));
		}

		@Override
		public void onCompleted() {
			this.closed.complete(Status.OK);
		}

	}

	/**
	 * Service whose watch runs until it is cancelled, sends the number of replies its
	 * request names, or in the "flood" mode sends from its own thread as fast as it can.
	 */
	private static final class StreamingService extends TestRecordsGrpc.TestRecordsImplBase {

		private final AtomicInteger calls = new AtomicInteger();

		private final AtomicInteger cancelHandlers = new AtomicInteger();

		private final AtomicInteger floods = new AtomicInteger();

		private final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final ExecutorService senders = Executors.newCachedThreadPool();

		@Override
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			responseObserver.onNext(reply(request.getId()));
			responseObserver.onCompleted();
		}

		@Override
		public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			this.calls.incrementAndGet();
			ServerCallStreamObserver<RecordReply> observer = (ServerCallStreamObserver<RecordReply>) responseObserver;
			observer.setOnCancelHandler(this.cancelHandlers::incrementAndGet);
			if ("flood".equals(request.getId())) {
				this.floods.incrementAndGet();
				this.senders.execute(() -> flood(observer));
			}
			else if (!request.getId().isEmpty()) {
				for (int i = 0; i < Integer.parseInt(request.getId()); i++) {
					observer.onNext(reply(Integer.toString(i)));
				}
				observer.onCompleted();
			}
		}

		private void flood(ServerCallStreamObserver<RecordReply> observer) {
			try {
				for (int i = 0; i < 2_000 && !observer.isCancelled(); i++) {
					observer.onNext(reply(Integer.toString(i)));
				}
				if (!observer.isCancelled()) {
					observer.onCompleted();
				}
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
			}
			finally {
				this.floods.decrementAndGet();
			}
		}

		private static RecordReply reply(String id) {
			return RecordReply.newBuilder().setId(id).build();
		}

	}

}
