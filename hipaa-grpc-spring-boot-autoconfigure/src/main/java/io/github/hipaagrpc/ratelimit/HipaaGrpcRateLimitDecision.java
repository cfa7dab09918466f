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

import java.time.Duration;

/**
 * Whether a call may go ahead, and if not, how long the caller should wait before trying
 * again.
 *
 * @param granted whether the call may go ahead
 * @param retryAfter how long until a call is likely to be granted; zero when granted
 * @since 0.1.0
 */
public record HipaaGrpcRateLimitDecision(boolean granted, Duration retryAfter) {

	private static final HipaaGrpcRateLimitDecision GRANTED = new HipaaGrpcRateLimitDecision(true, Duration.ZERO);

	/**
	 * Return a decision that grants the call.
	 * @return the decision
	 */
	public static HipaaGrpcRateLimitDecision grant() {
		return GRANTED;
	}

	/**
	 * Return a decision that refuses the call.
	 * @param retryAfter how long until a call is likely to be granted
	 * @return the decision
	 */
	public static HipaaGrpcRateLimitDecision reject(Duration retryAfter) {
		return new HipaaGrpcRateLimitDecision(false, retryAfter.isNegative() ? Duration.ZERO : retryAfter);
	}

}
