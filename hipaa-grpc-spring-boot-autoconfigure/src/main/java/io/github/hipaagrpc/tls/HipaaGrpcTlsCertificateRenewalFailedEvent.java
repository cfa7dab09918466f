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

package io.github.hipaagrpc.tls;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when renewing the gRPC listener's certificate fails; the current certificate
 * keeps serving and the renewal is retried. A certificate source that renews on a
 * schedule retries at a known time; a reloaded SSL bundle that cannot be used is retried
 * when its files change again, so the event has no next attempt.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsCertificateRenewalFailedEvent extends ApplicationEvent {

	private final int attempts;

	private final @Nullable Instant nextAttempt;

	private final RuntimeException failure;

	/**
	 * Create an event.
	 * @param source the rotation whose renewal failed
	 * @param attempts how many renewals in a row have failed
	 * @param nextAttempt when the renewal is retried, or {@code null} when it is retried
	 * only once the certificate's files change again
	 * @param failure why it failed
	 */
	public HipaaGrpcTlsCertificateRenewalFailedEvent(Object source, int attempts, @Nullable Instant nextAttempt,
			RuntimeException failure) {
		super(source);
		this.attempts = attempts;
		this.nextAttempt = nextAttempt;
		this.failure = failure;
	}

	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Return when the renewal is retried, if that time is known.
	 * @return the time of the next attempt, or {@code null} when the renewal is retried
	 * only once the certificate's files change again
	 */
	public @Nullable Instant getNextAttempt() {
		return this.nextAttempt;
	}

	public RuntimeException getFailure() {
		return this.failure;
	}

}
