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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;

import org.springframework.test.json.JsonContent;

/**
 * Sends raw HTTP requests to a {@link LocalVaultServer}, to check what Spring Vault
 * hides: status codes, error bodies, content types and JSON types.
 */
final class VaultHttp {

	private final HttpClient client = HttpClient.newHttpClient();

	private final LocalVaultServer vault;

	private final @Nullable String token;

	VaultHttp(LocalVaultServer vault, @Nullable String token) {
		this.vault = vault;
		this.token = token;
	}

	VaultHttp withToken(@Nullable String token) {
		return new VaultHttp(this.vault, token);
	}

	Response get(String path) {
		return send("GET", path, null);
	}

	Response list(String path) {
		return send("LIST", path, null);
	}

	Response post(String path, String json) {
		return send("POST", path, json);
	}

	Response delete(String path) {
		return send("DELETE", path, null);
	}

	Response send(String method, String path, @Nullable String json) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.vault.uri() + "/v1/" + path))
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (this.token != null) {
			builder.header("X-Vault-Token", this.token);
		}
		return send(builder.build());
	}

	Response send(HttpRequest request) {
		try {
			return new Response(this.client.send(request, BodyHandlers.ofByteArray()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response with helpers to read its body.
	 */
	static final class Response {

		private final HttpResponse<byte[]> response;

		Response(HttpResponse<byte[]> response) {
			this.response = response;
		}

		int status() {
			return this.response.statusCode();
		}

		@Nullable String contentType() {
			return this.response.headers().firstValue("Content-Type").orElse(null);
		}

		byte[] bytes() {
			return this.response.body();
		}

		String body() {
			return new String(this.response.body(), StandardCharsets.UTF_8);
		}

		JsonContent json() {
			return new JsonContent(body());
		}

		String string(String jsonPath) {
			Object value = JsonPath.read(body(), jsonPath);
			return String.valueOf(value);
		}

		@Override
		public String toString() {
			return status() + " " + body();
		}

	}

}
