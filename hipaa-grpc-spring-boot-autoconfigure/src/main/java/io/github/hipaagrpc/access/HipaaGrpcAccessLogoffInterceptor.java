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

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.error.ClientSafeStatus;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Automatic logoff of streaming calls: closes a client-, server- or bidi-streaming call
 * with {@code UNAUTHENTICATED} when the token that opened it expires or when it reaches
 * the maximum stream duration, whichever comes first. A caller authenticated by a client
 * certificate alone has no token, so only the maximum duration applies to it. Unary calls
 * are not watched: authentication checks their token when they start, and their deadline
 * bounds them.
 * <p>
 * A logoff closes the call with a fixed description and the reason in the
 * {@code x-hipaa-grpc-logoff} trailer, cancels the call's gRPC {@link Context} with that
 * status as the cause, tells the service's listener that the call was cancelled, and
 * drops whatever the service sends or closes afterwards.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessLogoffInterceptor implements ServerInterceptor, Ordered, DisposableBean {

	private static final Log logger = LogFactory.getLog(HipaaGrpcAccessLogoffInterceptor.class);

	private final Duration maxStreamDuration;

	private final boolean onTokenExpiry;

	/**
	 * One timer thread for every stream: a timer task only closes a call. The gRPC
	 * server's own scheduler is not reachable through Spring Boot's server factory, and
	 * Netty's event loops must not run it, because closing a call waits for its audit
	 * record in synchronous audit mode. Issue #8: in that mode, logoffs that fall due
	 * together are closed one after another, each waiting for its record.
	 */
	private final ScheduledThreadPoolExecutor scheduler;

	private final AtomicInteger watchedStreams = new AtomicInteger();

	private final LongAdder tokenExpiredLogoffs = new LongAdder();

	private final LongAdder maxStreamDurationLogoffs = new LongAdder();

	/**
	 * Create an interceptor.
	 * @param maxStreamDuration the longest time a streaming call may stay open
	 * @param onTokenExpiry whether a streaming call is closed when the token that opened
	 * it expires
	 */
	public HipaaGrpcAccessLogoffInterceptor(Duration maxStreamDuration, boolean onTokenExpiry) {
		Assert.notNull(maxStreamDuration, "'maxStreamDuration' must not be null");
		Assert.isTrue(!maxStreamDuration.isNegative() && !maxStreamDuration.isZero(),
				"'maxStreamDuration' must be positive");
		this.maxStreamDuration = maxStreamDuration;
		this.onTokenExpiry = onTokenExpiry;
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("hipaa-grpc-logoff-");
		threadFactory.setDaemon(true);
		this.scheduler = new ScheduledThreadPoolExecutor(1, threadFactory);
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (call.getMethodDescriptor().getType() == MethodType.UNARY || !isAuthenticated(authentication)) {
			return next.startCall(call, headers);
		}
		Instant now = Instant.now();
		Instant latest = now.plus(this.maxStreamDuration);
		Instant expiresAt = expiresAt(authentication);
		boolean tokenFirst = expiresAt != null && !expiresAt.isAfter(latest);
		HipaaGrpcAccessLogoffReason reason = tokenFirst ? HipaaGrpcAccessLogoffReason.TOKEN_EXPIRED
				: HipaaGrpcAccessLogoffReason.MAX_STREAM_DURATION;
		long delay = Duration.between(now, (expiresAt != null && tokenFirst) ? expiresAt : latest).toMillis();
		LogoffServerCall<ReqT, RespT> watched = new LogoffServerCall<>(call, Context.current().withCancellation());
		if (delay <= 0) {
			watched.logOff(reason);
			return new Listener<>() {
			};
		}
		this.watchedStreams.incrementAndGet();
		watched.watch(this.scheduler.schedule(() -> watched.logOff(reason), delay, TimeUnit.MILLISECONDS));
		return start(watched, headers, next);
	}

	private <ReqT, RespT> Listener<ReqT> start(LogoffServerCall<ReqT, RespT> watched, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		try {
			Listener<ReqT> listener = Contexts.interceptCall(watched.context, watched, headers, next);
			return new LogoffListener<>(listener, watched);
		}
		catch (RuntimeException ex) {
			// No listener will report the end of this call: an outer layer closes it
			watched.stopWatching();
			watched.context.cancel(null);
			throw ex;
		}
	}

	private boolean isAuthenticated(@Nullable Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	private @Nullable Instant expiresAt(@Nullable Authentication authentication) {
		if (!this.onTokenExpiry || !(authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token)) {
			return null;
		}
		return token.getToken().getExpiresAt();
	}

	/**
	 * Return the number of streaming calls whose logoff is scheduled.
	 * @return the number of open streams being watched
	 */
	public int getWatchedStreams() {
		return this.watchedStreams.get();
	}

	/**
	 * Return the number of streaming calls closed for the given reason.
	 * @param reason the reason
	 * @return the number of logoffs since the interceptor was created
	 */
	public long getLogoffs(HipaaGrpcAccessLogoffReason reason) {
		Assert.notNull(reason, "'reason' must not be null");
		return logoffs(reason).sum();
	}

	private LongAdder logoffs(HipaaGrpcAccessLogoffReason reason) {
		return switch (reason) {
			case TOKEN_EXPIRED -> this.tokenExpiredLogoffs;
			case MAX_STREAM_DURATION -> this.maxStreamDurationLogoffs;
		};
	}

	int pendingTimers() {
		return this.scheduler.getQueue().size();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.LOGOFF;
	}

	private static Metadata trailers(HipaaGrpcAccessLogoffReason reason) {
		// Marked as client-safe so that the error layer keeps the fixed description
		Metadata trailers = Status.trailersFromThrowable(ClientSafeStatus.asException(reason.status()));
		trailers = (trailers != null) ? trailers : new Metadata();
		trailers.put(HipaaGrpcAccessLogoffReason.TRAILER, reason.code());
		return trailers;
	}

	/**
	 * Streaming call that the timer thread may close while the service still uses it.
	 * {@link ServerCall} is not thread-safe, and without care the timer's close could run
	 * at the same time as a send on the service's thread. Every method that reaches the
	 * delegate therefore holds one lock, and once the call is closed, whatever the
	 * service sends or closes afterwards is dropped, so that the call is closed exactly
	 * once and the service sees no exception for sending late.
	 */
	private final class LogoffServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final Object lock = new Object();

		private final Context.CancellableContext context;

		private final AtomicReference<@Nullable ScheduledFuture<?>> timer = new AtomicReference<>();

		private boolean closed;

		private volatile boolean loggedOff;

		LogoffServerCall(ServerCall<ReqT, RespT> delegate, Context.CancellableContext context) {
			super(delegate);
			this.context = context;
		}

		void watch(ScheduledFuture<?> timer) {
			this.timer.set(timer);
		}

		boolean isLoggedOff() {
			return this.loggedOff;
		}

		void logOff(HipaaGrpcAccessLogoffReason reason) {
			this.context.run(() -> closeForLogoff(reason));
		}

		private void closeForLogoff(HipaaGrpcAccessLogoffReason reason) {
			synchronized (this.lock) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				this.loggedOff = true;
				logoffs(reason).increment();
				try {
					super.close(reason.status(), trailers(reason));
				}
				catch (RuntimeException ex) {
					logger.debug(LogMessage.format("Could not close a stream of '%s' at logoff", methodName()), ex);
				}
			}
			stopWatching();
			logger.debug(LogMessage.format("Closed a stream of '%s': %s", methodName(), reason.code()));
			this.context.cancel(reason.status().asRuntimeException());
		}

		void stopWatching() {
			ScheduledFuture<?> timer = this.timer.getAndSet(null);
			if (timer != null) {
				timer.cancel(false);
				HipaaGrpcAccessLogoffInterceptor.this.watchedStreams.decrementAndGet();
			}
		}

		private String methodName() {
			return getMethodDescriptor().getFullMethodName();
		}

		@Override
		public void request(int numMessages) {
			synchronized (this.lock) {
				if (!this.closed) {
					super.request(numMessages);
				}
			}
		}

		@Override
		public void sendHeaders(Metadata headers) {
			synchronized (this.lock) {
				if (!this.closed) {
					super.sendHeaders(headers);
				}
			}
		}

		@Override
		public void sendMessage(RespT message) {
			synchronized (this.lock) {
				if (!this.closed) {
					super.sendMessage(message);
				}
			}
		}

		@Override
		public boolean isReady() {
			synchronized (this.lock) {
				return !this.closed && super.isReady();
			}
		}

		@Override
		public void close(Status status, Metadata trailers) {
			synchronized (this.lock) {
				if (this.closed) {
					return;
				}
				this.closed = true;
				super.close(status, trailers);
			}
			stopWatching();
		}

		@Override
		public boolean isCancelled() {
			return this.loggedOff || super.isCancelled();
		}

		@Override
		public void setMessageCompression(boolean enabled) {
			synchronized (this.lock) {
				super.setMessageCompression(enabled);
			}
		}

		@Override
		public void setCompression(String compressor) {
			synchronized (this.lock) {
				super.setCompression(compressor);
			}
		}

		@Override
		public void setOnReadyThreshold(int numBytes) {
			synchronized (this.lock) {
				super.setOnReadyThreshold(numBytes);
			}
		}

	}

	/**
	 * Listener that stops watching a call when it ends, and after a logoff drops the
	 * client's later messages and reports the end to the service as a cancellation.
	 */
	private static final class LogoffListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final LogoffServerCall<ReqT, ?> call;

		LogoffListener(Listener<ReqT> delegate, LogoffServerCall<ReqT, ?> call) {
			super(delegate);
			this.call = call;
		}

		@Override
		public void onMessage(ReqT message) {
			if (!this.call.isLoggedOff()) {
				super.onMessage(message);
			}
		}

		@Override
		public void onHalfClose() {
			if (!this.call.isLoggedOff()) {
				super.onHalfClose();
			}
		}

		@Override
		public void onReady() {
			if (!this.call.isLoggedOff()) {
				super.onReady();
			}
		}

		@Override
		public void onComplete() {
			this.call.stopWatching();
			try {
				if (this.call.isLoggedOff()) {
					super.onCancel();
				}
				else {
					super.onComplete();
				}
			}
			finally {
				this.call.context.cancel(null);
			}
		}

		@Override
		public void onCancel() {
			this.call.stopWatching();
			try {
				super.onCancel();
			}
			finally {
				this.call.context.cancel(null);
			}
		}

	}

}
