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

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Fetches access tokens with the client credentials grant, authenticating with HTTP basic
 * ({@code client_secret_basic}).
 *
 * @since 0.1.0
 */
public class TokenClient {

	private static final ParameterizedTypeReference<Map<String, Object>> TOKEN_RESPONSE = new ParameterizedTypeReference<>() {
	};

	private final RestClient restClient;

	private final URI tokenUri;

	private final String clientSecret;

	private final Clock clock;

	/**
	 * Create a new token client.
	 * @param tokenUri the token endpoint
	 * @param clientSecret the secret of the clients
	 */
	public TokenClient(URI tokenUri, String clientSecret) {
		Assert.notNull(tokenUri, "'tokenUri' must not be null");
		Assert.hasText(clientSecret, "'clientSecret' must not be empty");
		this.restClient = RestClient.create();
		this.tokenUri = tokenUri;
		this.clientSecret = clientSecret;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Fetch an access token for the given client.
	 * @param clientId the client id
	 * @return the access token
	 */
	public AccessToken fetch(String clientId) {
		Instant requestedAt = this.clock.instant();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		Map<String, Object> response = this.restClient.post()
			.uri(this.tokenUri)
			.headers((headers) -> headers.setBasicAuth(clientId, this.clientSecret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(TOKEN_RESPONSE);
		if (response == null || !(response.get("access_token") instanceof String value)
				|| !(response.get("expires_in") instanceof Number expiresIn)) {
			throw new IllegalStateException(
					"Token response for client '%s' lacks a token or its lifetime".formatted(clientId));
		}
		return new AccessToken(value, requestedAt.plusSeconds(expiresIn.longValue()));
	}

}
