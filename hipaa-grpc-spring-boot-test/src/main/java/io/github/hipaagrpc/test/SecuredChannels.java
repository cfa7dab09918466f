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

import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLException;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import org.springframework.util.Assert;

/**
 * Builds grpc-java client channels and call credentials for tests against a secured
 * server.
 * <p>
 * TLS channels trust only the anchors they are given, never the JDK's default trust
 * store, and verify that the server's certificate names the host they connect to. Connect
 * to {@code localhost} or {@code 127.0.0.1} with a server certificate from
 * {@link TestPki#issueServer(String...)} that names both.
 *
 * @since 0.1.0
 */
public final class SecuredChannels {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private SecuredChannels() {
	}

	/**
	 * Create a TLS channel that trusts only the given anchors and verifies the server's
	 * host name.
	 * @param host the host to connect to
	 * @param port the port to connect to
	 * @param trustAnchors the certificates to trust, usually
	 * {@link TestPki#caCertificate()}
	 * @return the channel, which the caller shuts down
	 */
	public static ManagedChannel tls(String host, int port, X509Certificate... trustAnchors) {
		SslContextBuilder sslContext = trusting(trustAnchors);
		return channel(host, port, sslContext);
	}

	/**
	 * Create a TLS channel that presents a client certificate, trusts only the given
	 * anchors and verifies the server's host name.
	 * @param host the host to connect to
	 * @param port the port to connect to
	 * @param clientCertificate the client certificate and its private key, usually from
	 * {@link TestPki#issueClient(String)}
	 * @param trustAnchors the certificates to trust, usually
	 * {@link TestPki#caCertificate()}
	 * @return the channel, which the caller shuts down
	 */
	public static ManagedChannel mutualTls(String host, int port, TestCertificate clientCertificate,
			X509Certificate... trustAnchors) {
		Assert.notNull(clientCertificate, "'clientCertificate' must not be null");
		X509Certificate[] chain = clientCertificate.chain().toArray(new X509Certificate[0]);
		SslContextBuilder sslContext = trusting(trustAnchors).keyManager(clientCertificate.privateKey(), chain);
		return channel(host, port, sslContext);
	}

	/**
	 * Create a channel without TLS. Use it only in negative tests that prove a secured
	 * server refuses plaintext: it sends everything, bearer tokens included, in the
	 * clear.
	 * @param host the host to connect to
	 * @param port the port to connect to
	 * @return the channel, which the caller shuts down
	 */
	public static ManagedChannel plaintext(String host, int port) {
		Assert.hasText(host, "'host' must not be empty");
		return NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
	}

	/**
	 * Return call credentials that add the header {@code authorization: Bearer <token>}
	 * to every call, and nothing else.
	 * @param token the bearer token, for example from {@link JwtMinter}
	 * @return the call credentials
	 */
	public static CallCredentials bearer(String token) {
		Assert.hasText(token, "'token' must not be empty");
		return new BearerTokenCredentials(token);
	}

	private static SslContextBuilder trusting(X509Certificate[] trustAnchors) {
		Assert.notEmpty(trustAnchors, "'trustAnchors' must not be empty");
		Assert.noNullElements(trustAnchors, "'trustAnchors' must not contain null elements");
		return GrpcSslContexts.forClient().trustManager(trustAnchors);
	}

	private static ManagedChannel channel(String host, int port, SslContextBuilder sslContextBuilder) {
		Assert.hasText(host, "'host' must not be empty");
		return NettyChannelBuilder.forAddress(host, port).sslContext(build(sslContextBuilder)).build();
	}

	private static SslContext build(SslContextBuilder sslContextBuilder) {
		try {
			return sslContextBuilder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Unable to create the client TLS context", ex);
		}
	}

	/**
	 * Call credentials that send a fixed bearer token and keep it out of
	 * {@code toString()}.
	 */
	private static final class BearerTokenCredentials extends CallCredentials {

		private final String token;

		BearerTokenCredentials(String token) {
			this.token = token;
		}

		@Override
		public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
			Metadata headers = new Metadata();
			headers.put(AUTHORIZATION, "Bearer " + this.token);
			applier.apply(headers);
		}

		@Override
		public String toString() {
			return "BearerTokenCredentials[token=<hidden>]";
		}

	}

}
