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

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A response of the Vault API: a status with a JSON envelope, a top-level JSON object, a
 * raw body or no body at all.
 */
final class VaultReply {

	private static final String APPLICATION_JSON = "application/json";

	private final int status;

	private final @Nullable String contentType;

	private final byte @Nullable [] body;

	private final @Nullable Envelope envelope;

	private VaultReply(int status, @Nullable String contentType, byte @Nullable [] body, @Nullable Envelope envelope) {
		this.status = status;
		this.contentType = contentType;
		this.body = body;
		this.envelope = envelope;
	}

	static VaultReply noContent() {
		return new VaultReply(204, null, null, null);
	}

	/**
	 * Create a raw reply, which Vault sends with status 204 when the body is empty.
	 * @param contentType the content type
	 * @param body the body
	 * @return the reply
	 */
	static VaultReply raw(String contentType, byte[] body) {
		if (body.length == 0) {
			return noContent();
		}
		return new VaultReply(200, contentType, body, null);
	}

	static VaultReply json(int status, Map<String, ?> body) {
		return new VaultReply(status, APPLICATION_JSON, Json.write(body), null);
	}

	static VaultReply errors(int status, List<String> errors) {
		return json(status, Map.of("errors", errors));
	}

	static VaultReply envelope(int status, Envelope envelope) {
		return new VaultReply(status, APPLICATION_JSON, null, envelope);
	}

	int status() {
		return this.status;
	}

	@Nullable String contentType() {
		return this.contentType;
	}

	/**
	 * Return the body to send.
	 * @param mountType the type of the mount that answered
	 * @return the body, or {@code null} for none
	 */
	byte @Nullable [] body(String mountType) {
		if (this.envelope != null) {
			return Json.write(this.envelope.render(mountType));
		}
		return this.body;
	}

}
