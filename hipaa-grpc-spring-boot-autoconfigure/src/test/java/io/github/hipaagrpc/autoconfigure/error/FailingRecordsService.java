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

package io.github.hipaagrpc.autoconfigure.error;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.github.hipaagrpc.error.ClientSafeStatus;
import io.github.hipaagrpc.error.RequestValidationException;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * Test service that fails in the way its request names, from every kind of call.
 */
class FailingRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

	static final String SECRET = "PT-SECRET-4411 123-45-6789 db-host-7.internal";

	static final String SSN = "987-65-4321";

	static final String LEAKED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXRoYXQtbGVha3M";

	private final AtomicInteger slowLoopIterations = new AtomicInteger();

	private final AtomicBoolean slowLoopStopped = new AtomicBoolean();

	int getSlowLoopIterations() {
		return this.slowLoopIterations.get();
	}

	boolean isSlowLoopStopped() {
		return this.slowLoopStopped.get();
	}

	@Override
	@PreAuthorize("isAuthenticated()")
	public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		if (request.getId().equals("ok")) {
			responseObserver.onNext(RecordReply.newBuilder().setId("ok").build());
			responseObserver.onCompleted();
			return;
		}
		fail(request.getId(), responseObserver);
	}

	@Override
	@PreAuthorize("isAuthenticated()")
	public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		if (request.getId().equals("slow")) {
			slowLoop(responseObserver);
			return;
		}
		String id = request.getId();
		if (id.startsWith("after-first:")) {
			responseObserver.onNext(RecordReply.newBuilder().setId("first").build());
			id = id.substring("after-first:".length());
		}
		fail(id, responseObserver);
	}

	@Override
	@PreAuthorize("isAuthenticated()")
	public StreamObserver<RecordRequest> upload(StreamObserver<RecordReply> responseObserver) {
		return new FailingObserver(responseObserver, false);
	}

	@Override
	@PreAuthorize("isAuthenticated()")
	public StreamObserver<RecordRequest> exchange(StreamObserver<RecordReply> responseObserver) {
		return new FailingObserver(responseObserver, true);
	}

	private void slowLoop(StreamObserver<RecordReply> responseObserver) {
		ServerCallStreamObserver<RecordReply> observer = (ServerCallStreamObserver<RecordReply>) responseObserver;
		try {
			while (!Context.current().isCancelled() && !observer.isCancelled()) {
				this.slowLoopIterations.incrementAndGet();
				observer.onNext(RecordReply.newBuilder().setId("tick").build());
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}
		finally {
			this.slowLoopStopped.set(true);
		}
	}

	static void fail(String kind, StreamObserver<RecordReply> responseObserver) {
		switch (kind) {
			case "status" -> responseObserver
				.onError(Status.NOT_FOUND.withDescription("No chart for " + SECRET).asRuntimeException());
			case "safe-status" -> responseObserver.onError(ClientSafeStatus
				.asRuntimeException(Status.FAILED_PRECONDITION.withDescription("Chart changed; read it again")));
			default -> throw exception(kind);
		}
	}

	static RuntimeException exception(String kind) {
		Supplier<RuntimeException> supplier = switch (kind) {
			case "authentication" -> () -> new BadCredentialsException("Bad token for " + SECRET);
			case "access" -> () -> new AccessDeniedException("No access to " + SECRET);
			case "validation" -> () -> new RequestValidationException(List.of("patient_id", "notes[*]"));
			case "not-found" -> () -> new NoSuchElementException("No chart " + SECRET);
			case "conflict" -> () -> new OptimisticLockingFailureException("Version clash on " + SECRET);
			case "timeout" -> () -> new IllegalStateException("Wrapped", new TimeoutException("Query " + SECRET));
			case "cancelled" -> () -> new CancellationException("Stopped " + SECRET);
			case "thrown-status" -> () -> Status.ABORTED.withDescription("Raced " + SECRET).asRuntimeException();
			case "rate-limited" -> () -> RequestNotPermitted.createRequestNotPermitted(RateLimiter.ofDefaults("x"));
			case "illegal-argument" -> () -> new IllegalArgumentException("Bad input " + SECRET);
			case "ephi" -> () -> new IllegalStateException("Lookup failed", new IllegalArgumentException(
					"Row rejected: ssn=" + SSN + ", authorization=Bearer " + LEAKED_TOKEN));
			default -> () -> new IllegalStateException("Failure at " + SECRET);
		};
		return supplier.get();
	}

	/**
	 * Request observer that fails on the message whose id names a failure.
	 */
	private static final class FailingObserver implements StreamObserver<RecordRequest> {

		private final StreamObserver<RecordReply> responseObserver;

		private final boolean replyToEach;

		FailingObserver(StreamObserver<RecordReply> responseObserver, boolean replyToEach) {
			this.responseObserver = responseObserver;
			this.replyToEach = replyToEach;
		}

		@Override
		public void onNext(RecordRequest value) {
			if (value.getId().equals("ok")) {
				if (this.replyToEach) {
					this.responseObserver.onNext(RecordReply.newBuilder().setId("ok").build());
				}
				return;
			}
			fail(value.getId(), this.responseObserver);
		}

		@Override
		public void onError(Throwable ex) {
		}

		@Override
		public void onCompleted() {
			if (!this.replyToEach) {
				this.responseObserver.onNext(RecordReply.newBuilder().setId("ok").build());
			}
			this.responseObserver.onCompleted();
		}

	}

}
