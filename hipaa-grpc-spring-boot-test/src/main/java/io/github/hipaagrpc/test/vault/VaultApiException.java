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

/**
 * A Vault API error: the HTTP status and the messages of the {@code errors} array.
 */
final class VaultApiException extends RuntimeException {

	private final int status;

	private final List<String> errors;

	private VaultApiException(int status, List<String> errors) {
		super(String.join(", ", errors), null, false, false);
		this.status = status;
		this.errors = List.copyOf(errors);
	}

	static VaultApiException badRequest(String message) {
		return new VaultApiException(400, List.of(message));
	}

	static VaultApiException permissionDenied() {
		return new VaultApiException(403, List.of("permission denied"));
	}

	static VaultApiException notFound() {
		return new VaultApiException(404, List.of());
	}

	static VaultApiException unsupportedPath() {
		return new VaultApiException(404, List.of("unsupported path"));
	}

	static VaultApiException noHandler(String path) {
		return new VaultApiException(404,
				List.of("no handler for route \"%s\". route entry not found.".formatted(path)));
	}

	static VaultApiException unsupportedOperation() {
		return new VaultApiException(405, List.of("unsupported operation"));
	}

	static VaultApiException internal(String message) {
		return new VaultApiException(500, List.of(message));
	}

	static VaultApiException of(int status, List<String> errors) {
		return new VaultApiException(status, errors);
	}

	int status() {
		return this.status;
	}

	List<String> errors() {
		return this.errors;
	}

	/**
	 * Return the first error message, the one a batch item reports.
	 * @return the message, empty when there is none
	 */
	String message() {
		return (this.errors.isEmpty()) ? "" : this.errors.get(0);
	}

}
