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
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

/**
 * Spring gRPC's exception-handling interceptor, placed where the starter's call path
 * wants it and made to check every status that leaves the server. A status chosen by a
 * service, which the exception handlers never see, keeps its code, but its description is
 * replaced with a fixed one unless the service marked it with {@link ClientSafeStatus}.
 *
 * @since 0.1.0
 */
public class HipaaGrpcErrorInterceptor extends GrpcExceptionHandlerInterceptor implements Ordered {

	/**
	 * Create a new interceptor.
	 * @param exceptionHandler the exception advice
	 */
	public HipaaGrpcErrorInterceptor(HipaaGrpcExceptionHandler exceptionHandler) {
		super(exceptionHandler);
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		return super.interceptCall(new SanitizingServerCall<>(call, CorrelationId.current()), headers, next);
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.ERROR;
	}

	/**
	 * Server call that replaces unsafe status descriptions before the call closes.
	 */
	private static final class SanitizingServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final @Nullable String correlationId;

		SanitizingServerCall(ServerCall<ReqT, RespT> delegate, @Nullable String correlationId) {
			super(delegate);
			this.correlationId = correlationId;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			if (status.isOk()) {
				super.close(status, trailers);
				return;
			}
			if (ClientSafeStatus.isMarked(trailers)) {
				trailers.removeAll(ClientSafeStatus.MARKER);
				super.close(status.withCause(null), trailers);
				return;
			}
			super.close(StatusDescriptions.sanitize(status, this.correlationId), trailers);
		}

	}

}
