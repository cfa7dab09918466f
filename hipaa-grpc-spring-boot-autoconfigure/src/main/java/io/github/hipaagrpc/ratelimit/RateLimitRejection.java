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

package io.github.hipaagrpc.ratelimit;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * Closes a call that a rate limit refused: RESOURCE_EXHAUSTED with a fixed description
 * and gRPC's standard retry pushback trailer, so that a client with a retry policy waits
 * by itself before trying again.
 */
final class RateLimitRejection {

	static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	static final String DESCRIPTION = "Too many requests; retry later";

	private RateLimitRejection() {
	}

	static <ReqT, RespT> ServerCall.Listener<ReqT> close(ServerCall<ReqT, RespT> call,
			HipaaGrpcRateLimitDecision decision) {
		Metadata trailers = new Metadata();
		trailers.put(RETRY_PUSHBACK, Long.toString(Math.max(1, decision.retryAfter().toMillis())));
		call.close(Status.RESOURCE_EXHAUSTED.withDescription(DESCRIPTION), trailers);
		return new ServerCall.Listener<>() {
		};
	}

}
