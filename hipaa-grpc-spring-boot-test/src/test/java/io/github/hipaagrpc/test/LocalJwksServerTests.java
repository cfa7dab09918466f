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

package io.github.hipaagrpc.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LocalJwksServer}.
 */
class LocalJwksServerTests {

	private static final TestSigningKey RSA_KEY = TestSigningKey.rsa("rsa-key");

	private static final TestSigningKey EC_KEY = TestSigningKey.ec("ec-key");

	private final HttpClient httpClient = HttpClient.newHttpClient();

	private final List<LocalJwksServer> servers = new ArrayList<>();

	@AfterEach
	void closeServers() {
		this.servers.forEach(LocalJwksServer::close);
	}

	@Test
	void jwkSetUriWhenStartedUsesLoopbackAndEphemeralPort() {
		LocalJwksServer server = start();
		assertThat(server.port()).isPositive();
		assertThat(server.jwkSetUri()).isEqualTo("http://127.0.0.1:" + server.port() + "/jwks");
	}

	@Test
	void getWhenKeysPublishedServesPublicJwkSetAsJson() throws Exception {
		LocalJwksServer server = start(RSA_KEY, EC_KEY);
		HttpResponse<String> response = get(server.jwkSetUri());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JWKSet jwkSet = JWKSet.parse(response.body());
		assertThat(jwkSet.getKeys()).containsExactly(RSA_KEY.publicJwk(), EC_KEY.publicJwk());
		assertThat(jwkSet.getKeys()).noneMatch(JWK::isPrivate);
	}

	@Test
	void getWhenNoKeysPublishedServesEmptyJwkSet() throws Exception {
		LocalJwksServer server = start();
		HttpResponse<String> response = get(server.jwkSetUri());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JWKSet.parse(response.body()).getKeys()).isEmpty();
	}

	@Test
	void publishWhenServerRunningServesKeyOnNextRequest() throws Exception {
		LocalJwksServer server = start(RSA_KEY);
		assertThat(fetchKeyIds(server)).containsExactly("rsa-key");
		server.publish(EC_KEY);
		assertThat(fetchKeyIds(server)).containsExactly("rsa-key", "ec-key");
	}

	@Test
	void publishWhenKeyIdAlreadyPublishedReplacesKey() throws Exception {
		LocalJwksServer server = start(RSA_KEY);
		TestSigningKey replacement = TestSigningKey.ec("rsa-key");
		server.publish(replacement);
		JWKSet jwkSet = JWKSet.parse(get(server.jwkSetUri()).body());
		assertThat(jwkSet.getKeys()).containsExactly(replacement.publicJwk());
	}

	@Test
	void withdrawWhenKeyPublishedRemovesKeyOnNextRequest() throws Exception {
		LocalJwksServer server = start(RSA_KEY, EC_KEY);
		server.withdraw("rsa-key");
		assertThat(fetchKeyIds(server)).containsExactly("ec-key");
		server.withdraw("unknown");
		assertThat(fetchKeyIds(server)).containsExactly("ec-key");
	}

	@Test
	void requestCountWhenJwkSetFetchedCountsEachGet() throws Exception {
		LocalJwksServer server = start(RSA_KEY);
		assertThat(server.requestCount()).isZero();
		get(server.jwkSetUri());
		get(server.jwkSetUri());
		assertThat(server.requestCount()).isEqualTo(2);
	}

	@Test
	void requestCountWhenFetchedConcurrentlyCountsEveryGet() {
		LocalJwksServer server = start(RSA_KEY);
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.jwkSetUri())).build();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			responses.add(this.httpClient.sendAsync(request, BodyHandlers.ofString()));
		}
		CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0])).join();
		assertThat(responses).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
		assertThat(server.requestCount()).isEqualTo(20);
	}

	@Test
	void requestCountWhenOtherPathOrMethodRequestedDoesNotCount() throws Exception {
		LocalJwksServer server = start(RSA_KEY);
		HttpResponse<String> otherPath = get(server.jwkSetUri() + "/other");
		HttpRequest post = HttpRequest.newBuilder(URI.create(server.jwkSetUri()))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		HttpResponse<String> postResponse = this.httpClient.send(post, BodyHandlers.ofString());
		assertThat(otherPath.statusCode()).isEqualTo(404);
		assertThat(postResponse.statusCode()).isEqualTo(405);
		assertThat(server.requestCount()).isZero();
	}

	@Test
	void closeWhenCalledRefusesConnections() {
		LocalJwksServer server = start(RSA_KEY);
		String uri = server.jwkSetUri();
		server.close();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(uri));
	}

	private LocalJwksServer start(TestSigningKey... keys) {
		LocalJwksServer server = LocalJwksServer.start(keys);
		this.servers.add(server);
		return server;
	}

	private List<String> fetchKeyIds(LocalJwksServer server) throws Exception {
		JWKSet jwkSet = JWKSet.parse(get(server.jwkSetUri()).body());
		return jwkSet.getKeys().stream().map(JWK::getKeyID).toList();
	}

	private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).GET().build();
		return this.httpClient.send(request, BodyHandlers.ofString());
	}

}
