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

package io.github.hipaagrpc.security;

import java.util.Set;

import org.springframework.context.ApplicationEvent;

/**
 * Event published when keys are added to or withdrawn from the JWK Set that verifies
 * bearer tokens.
 *
 * @since 0.1.0
 */
public class JwksKeysChangedEvent extends ApplicationEvent {

	private final String jwkSetUri;

	private final Set<String> addedKeyIds;

	private final Set<String> withdrawnKeyIds;

	/**
	 * Create a new event.
	 * @param source the object that noticed the change
	 * @param jwkSetUri the location of the JWK Set
	 * @param addedKeyIds the identifiers of keys that appeared
	 * @param withdrawnKeyIds the identifiers of keys that disappeared
	 */
	public JwksKeysChangedEvent(Object source, String jwkSetUri, Set<String> addedKeyIds, Set<String> withdrawnKeyIds) {
		super(source);
		this.jwkSetUri = jwkSetUri;
		this.addedKeyIds = Set.copyOf(addedKeyIds);
		this.withdrawnKeyIds = Set.copyOf(withdrawnKeyIds);
	}

	/**
	 * Return the location of the JWK Set.
	 * @return the JWK Set URI
	 */
	public String getJwkSetUri() {
		return this.jwkSetUri;
	}

	/**
	 * Return the identifiers of keys that appeared.
	 * @return the added key identifiers
	 */
	public Set<String> getAddedKeyIds() {
		return this.addedKeyIds;
	}

	/**
	 * Return the identifiers of keys that disappeared.
	 * @return the withdrawn key identifiers
	 */
	public Set<String> getWithdrawnKeyIds() {
		return this.withdrawnKeyIds;
	}

}
