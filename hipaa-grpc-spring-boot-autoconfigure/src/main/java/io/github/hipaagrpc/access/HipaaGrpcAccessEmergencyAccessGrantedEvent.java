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

import org.springframework.context.ApplicationEvent;

/**
 * Event published when a caller breaks the glass and is granted emergency authority, so
 * that the audit trail records it and alerting can pick it up. The reason is text the
 * caller typed: listeners must not log it.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessEmergencyAccessGrantedEvent extends ApplicationEvent {

	private final HipaaGrpcAccessEmergencyGrant grant;

	private final String reason;

	/**
	 * Create an event.
	 * @param source the component that made the grant
	 * @param grant the grant
	 * @param reason the reason the caller gave
	 */
	public HipaaGrpcAccessEmergencyAccessGrantedEvent(Object source, HipaaGrpcAccessEmergencyGrant grant,
			String reason) {
		super(source);
		this.grant = grant;
		this.reason = reason;
	}

	/**
	 * Return the grant.
	 * @return the grant
	 */
	public HipaaGrpcAccessEmergencyGrant getGrant() {
		return this.grant;
	}

	/**
	 * Return the identifier of the grant.
	 * @return the grant's identifier
	 */
	public String getGrantId() {
		return this.grant.id();
	}

	/**
	 * Return the user or service that holds the grant.
	 * @return the principal
	 */
	public String getPrincipal() {
		return this.grant.principal();
	}

	/**
	 * Return when the grant ends.
	 * @return the expiry
	 */
	public Instant getExpiresAt() {
		return this.grant.expiresAt();
	}

	/**
	 * Return how long the grant lasts.
	 * @return the duration of the grant
	 */
	public Duration getDuration() {
		return Duration.between(this.grant.grantedAt(), this.grant.expiresAt());
	}

	/**
	 * Return the reason the caller gave, user-typed text that must not be logged.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
