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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.util.Assert;

/**
 * A JWK Set endpoint served over real HTTP on the loopback interface, whose keys a test
 * can publish and withdraw while it runs.
 * <p>
 * Changes take effect for the next request. Only public key parameters are ever served.
 *
 * @since 0.1.0
 */
public final class LocalJwksServer implements AutoCloseable {

	private static final String PATH = "/jwks";

	private static final String LOOPBACK = "127.0.0.1";

	private final Map<String, TestSigningKey> keys = new LinkedHashMap<>();

	private final AtomicInteger requestCount = new AtomicInteger();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final HttpServer server;

	private LocalJwksServer(HttpServer server) {
		this.server = server;
		this.server.createContext(PATH, this::handle);
	}

	/**
	 * Start a new server on an ephemeral loopback port that publishes the given keys.
	 * @param keys the keys to publish
	 * @return the running server
	 */
	public static LocalJwksServer start(TestSigningKey... keys) {
		Assert.noNullElements(keys, "'keys' must not contain null elements");
		LocalJwksServer jwksServer = new LocalJwksServer(createServer());
		for (TestSigningKey key : keys) {
			jwksServer.publish(key);
		}
		jwksServer.server.start();
		return jwksServer;
	}

	private static HttpServer createServer() {
		try {
			InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
			return HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to start the JWKS server", ex);
		}
	}

	/**
	 * Return the URI of the JWK Set, for example {@code http://127.0.0.1:PORT/jwks}.
	 * @return the JWK Set URI
	 */
	public String jwkSetUri() {
		return "http://" + LOOPBACK + ":" + port() + PATH;
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Publish the public half of a key, replacing any published key with the same key id.
	 * @param key the key to publish
	 */
	public void publish(TestSigningKey key) {
		Assert.notNull(key, "'key' must not be null");
		synchronized (this.keys) {
			this.keys.put(key.keyId(), key);
		}
	}

	/**
	 * Withdraw a published key. Withdrawing a key that is not published does nothing.
	 * @param keyId the id of the key to withdraw
	 */
	public void withdraw(String keyId) {
		Assert.notNull(keyId, "'keyId' must not be null");
		synchronized (this.keys) {
			this.keys.remove(keyId);
		}
	}

	/**
	 * Return the number of JWK Set requests served so far.
	 * @return the request count
	 */
	public int requestCount() {
		return this.requestCount.get();
	}

	/**
	 * Stop the server immediately. Closing a closed server does nothing.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			respond(exchange);
		}
		finally {
			exchange.close();
		}
	}

	private void respond(HttpExchange exchange) throws IOException {
		if (!PATH.equals(exchange.getRequestURI().getPath())) {
			exchange.sendResponseHeaders(404, -1);
			return;
		}
		if (!"GET".equals(exchange.getRequestMethod())) {
			exchange.getResponseHeaders().set("Allow", "GET");
			exchange.sendResponseHeaders(405, -1);
			return;
		}
		this.requestCount.incrementAndGet();
		sendJwkSet(exchange);
	}

	private void sendJwkSet(HttpExchange exchange) throws IOException {
		byte[] body = jwkSet().toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private JWKSet jwkSet() {
		List<JWK> publicJwks = new ArrayList<>();
		synchronized (this.keys) {
			this.keys.values().forEach((key) -> publicJwks.add(key.publicJwk()));
		}
		return new JWKSet(publicJwks);
	}

	@Override
	public String toString() {
		return "LocalJwksServer[" + jwkSetUri() + "]";
	}

}
