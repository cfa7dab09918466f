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

package io.github.hipaagrpc.sample.scenario;

import java.time.Instant;

import io.github.hipaagrpc.test.SecuredChannels;
import io.grpc.CallCredentials;

/**
 * Access token fetched from the authorization server. Its value never appears in
 * {@link #toString()}.
 *
 * @since 0.1.0
 */
public final class AccessToken {

	private final String value;

	private final Instant expiresAt;

	AccessToken(String value, Instant expiresAt) {
		this.value = value;
		this.expiresAt = expiresAt;
	}

	/**
	 * Return when the token expires, by the client's clock.
	 * @return the expiry instant
	 */
	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * Return call credentials that send the token as a bearer token.
	 * @return the call credentials
	 */
	public CallCredentials callCredentials() {
		return SecuredChannels.bearer(this.value);
	}

	@Override
	public String toString() {
		return "AccessToken[expiresAt=" + this.expiresAt + "]";
	}

}
