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

package io.github.hipaagrpc.error;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.Ordered;

/**
 * Gives every call a {@link CorrelationId}: an acceptable incoming
 * {@code x-correlation-id} is kept when trusted, otherwise the current trace id or a new
 * random id is used. The id is in the gRPC context and in the logging MDC on every thread
 * that runs the call's callbacks, and it is returned in the trailers of every response.
 *
 * @since 0.1.0
 */
public class HipaaGrpcCorrelationInterceptor implements ServerInterceptor, Ordered {

	/**
	 * Key of the full gRPC method name in the logging MDC.
	 */
	public static final String METHOD_MDC_KEY = "grpcMethod";

	private final boolean trustIncoming;

	private final TraceIdProvider traceId;

	/**
	 * Create a new interceptor.
	 * @param trustIncoming whether an acceptable incoming correlation id is kept
	 * @param traceId supplies the current trace id, or {@code null} when no trace is
	 * active
	 */
	public HipaaGrpcCorrelationInterceptor(boolean trustIncoming, TraceIdProvider traceId) {
		this.trustIncoming = trustIncoming;
		this.traceId = traceId;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String id = correlationId(headers);
		String method = call.getMethodDescriptor().getFullMethodName();
		Context context = Context.current().withValue(CorrelationId.CONTEXT_KEY, id);
		ServerCall<ReqT, RespT> tagged = new TrailerTaggingCall<>(call, id);
		try (LoggingScope scope = LoggingScope.open(id, method)) {
			return new LoggingScopeListener<>(Contexts.interceptCall(context, tagged, headers, next), id, method);
		}
	}

	private String correlationId(Metadata headers) {
		String incoming = headers.get(CorrelationId.METADATA_KEY);
		if (this.trustIncoming && incoming != null && CorrelationId.isAcceptable(incoming)) {
			return incoming;
		}
		String trace = this.traceId.currentTraceId();
		return (trace != null && CorrelationId.isAcceptable(trace)) ? trace : CorrelationId.generate();
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.CORRELATION;
	}

	/**
	 * Server call that adds the correlation id to the trailers of the response.
	 */
	private static final class TrailerTaggingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final String id;

		TrailerTaggingCall(ServerCall<ReqT, RespT> delegate, String id) {
			super(delegate);
			this.id = id;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			trailers.removeAll(CorrelationId.METADATA_KEY);
			trailers.put(CorrelationId.METADATA_KEY, this.id);
			super.close(status, trailers);
		}

	}

	/**
	 * Listener that puts the call's correlation id in the MDC around each callback.
	 */
	private static final class LoggingScopeListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final String id;

		private final String method;

		LoggingScopeListener(Listener<ReqT> delegate, String id, String method) {
			super(delegate);
			this.id = id;
			this.method = method;
		}

		@Override
		public void onMessage(ReqT message) {
			try (LoggingScope scope = LoggingScope.open(this.id, this.method)) {
				super.onMessage(message);
			}
		}

		@Override
		public void onHalfClose() {
			try (LoggingScope scope = LoggingScope.open(this.id, this.method)) {
				super.onHalfClose();
			}
		}

		@Override
		public void onCancel() {
			try (LoggingScope scope = LoggingScope.open(this.id, this.method)) {
				super.onCancel();
			}
		}

		@Override
		public void onComplete() {
			try (LoggingScope scope = LoggingScope.open(this.id, this.method)) {
				super.onComplete();
			}
		}

		@Override
		public void onReady() {
			try (LoggingScope scope = LoggingScope.open(this.id, this.method)) {
				super.onReady();
			}
		}

	}

	/**
	 * MDC entries of one callback, restored to their previous values when closed.
	 */
	private static final class LoggingScope implements AutoCloseable {

		private final @Nullable String previousId;

		private final @Nullable String previousMethod;

		private LoggingScope(@Nullable String previousId, @Nullable String previousMethod) {
			this.previousId = previousId;
			this.previousMethod = previousMethod;
		}

		static LoggingScope open(String id, String method) {
			LoggingScope scope = new LoggingScope(MDC.get(CorrelationId.MDC_KEY), MDC.get(METHOD_MDC_KEY));
			MDC.put(CorrelationId.MDC_KEY, id);
			MDC.put(METHOD_MDC_KEY, method);
			return scope;
		}

		@Override
		public void close() {
			restore(CorrelationId.MDC_KEY, this.previousId);
			restore(METHOD_MDC_KEY, this.previousMethod);
		}

		private static void restore(String key, @Nullable String value) {
			if (value != null) {
				MDC.put(key, value);
				return;
			}
			MDC.remove(key);
		}

	}

}
