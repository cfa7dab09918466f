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

package io.github.hipaagrpc.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.hipaagrpc.test.JwtMinter;
import io.github.hipaagrpc.test.LocalJwksServer;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.test.TestSigningKey;
import io.grpc.ManagedChannel;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A secured server's surroundings for integration tests: a test CA whose server
 * certificate the gRPC server listens with, and a JWK Set served over HTTP whose key
 * signs the tokens that a minter issues.
 */
public final class SecuredServerSupport {

	/**
	 * Issuer of the minted tokens.
	 */
	public static final String ISSUER = "https://issuer.hipaa-grpc.test";

	/**
	 * Audience of the minted tokens and of the server.
	 */
	public static final String AUDIENCE = "clinical-records";

	private final TestPki pki = TestPki.create();

	private final TestSigningKey key;

	private final LocalJwksServer jwks;

	private final JwtMinter minter;

	/**
	 * Create the surroundings, publishing the given keys besides a default RSA key.
	 * @param keys further keys to publish
	 */
	public SecuredServerSupport(TestSigningKey... keys) {
		this.key = TestSigningKey.rsa("rsa-1");
		this.jwks = LocalJwksServer.start(this.key);
		for (TestSigningKey published : keys) {
			this.jwks.publish(published);
		}
		this.minter = new JwtMinter(this.key, ISSUER, AUDIENCE);
	}

	/**
	 * Register the server's TLS bundle and resource server properties.
	 * @param registry the registry of the test's properties
	 * @throws IOException if the certificate files cannot be written
	 */
	public void registerProperties(DynamicPropertyRegistry registry) throws IOException {
		Path directory = Files.createTempDirectory("hipaa-grpc-tls");
		this.pki.issueServer("localhost", "127.0.0.1").writePem(directory, "server");
		registry.add("spring.grpc.server.port", () -> "0");
		registry.add("spring.grpc.server.address", () -> "127.0.0.1");
		registry.add("spring.grpc.server.ssl.bundle", () -> "server");
		registry.add("spring.ssl.bundle.pem.server.keystore.certificate",
				() -> "file:" + directory.resolve("server.crt"));
		registry.add("spring.ssl.bundle.pem.server.keystore.private-key",
				() -> "file:" + directory.resolve("server.key"));
		registerResourceServerProperties(registry);
	}

	/**
	 * Register the resource server properties only, for a server without TLS of its own.
	 * @param registry the registry of the test's properties
	 */
	public void registerResourceServerProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", this.jwks::jwkSetUri);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
		registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
	}

	/**
	 * Open a TLS channel to the server on the given local port.
	 * @param port the server's port
	 * @return a channel trusting the test CA
	 */
	public ManagedChannel channel(int port) {
		return SecuredChannels.tls("localhost", port, this.pki.caCertificate());
	}

	public TestPki pki() {
		return this.pki;
	}

	public TestSigningKey key() {
		return this.key;
	}

	public LocalJwksServer jwks() {
		return this.jwks;
	}

	public JwtMinter minter() {
		return this.minter;
	}

	/**
	 * Stop the JWK Set server.
	 */
	public void close() {
		this.jwks.close();
	}

}
