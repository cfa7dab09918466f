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

package io.github.hipaagrpc.test.vault;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One request to the Vault API: the operation, the path below {@code /v1/}, the fields of
 * the body or the query, and the client token.
 */
final class VaultRequest {

	private final Operation operation;

	private final String path;

	private final Fields fields;

	private final Map<String, String> query;

	private final @Nullable String token;

	private final Instant now;

	VaultRequest(Operation operation, String path, Fields fields, Map<String, String> query, @Nullable String token,
			Instant now) {
		this.operation = operation;
		this.path = path;
		this.fields = fields;
		this.query = query;
		this.token = token;
		this.now = now;
	}

	Operation operation() {
		return this.operation;
	}

	String path() {
		return this.path;
	}

	Fields fields() {
		return this.fields;
	}

	@Nullable String query(String name) {
		return this.query.get(name);
	}

	@Nullable String token() {
		return this.token;
	}

	/**
	 * Return the server's time when the request arrived.
	 * @return the request time
	 */
	Instant now() {
		return this.now;
	}

	/**
	 * The logical operation of a request, derived from its HTTP method.
	 */
	enum Operation {

		/**
		 * {@code GET}.
		 */
		READ,

		/**
		 * {@code LIST}, or {@code GET} with {@code list=true}.
		 */
		LIST,

		/**
		 * {@code POST} or {@code PUT}.
		 */
		UPDATE,

		/**
		 * {@code DELETE}.
		 */
		DELETE,

		/**
		 * Any other method.
		 */
		OTHER

	}

}
