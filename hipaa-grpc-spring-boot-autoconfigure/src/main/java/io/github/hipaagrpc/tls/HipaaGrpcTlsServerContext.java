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

package io.github.hipaagrpc.tls;

import java.time.Duration;

import javax.net.ssl.SSLException;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.InternalNettyServerCredentials;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import org.springframework.util.Assert;

/**
 * TLS context of the gRPC listener: the policy's protocols and suites, HTTP/2 by ALPN,
 * updatable key material, a handshake deadline, and a listener told of every handshake.
 * Sessions established before the key material changed are not resumed after it.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcTlsServerContext {

	private final ObservedServerTls negotiator;

	private final SslProvider provider;

	private final HipaaGrpcTlsPolicy policy;

	private HipaaGrpcTlsServerContext(ObservedServerTls negotiator, SslProvider provider, HipaaGrpcTlsPolicy policy) {
		this.negotiator = negotiator;
		this.provider = provider;
		this.policy = policy;
	}

	/**
	 * Create the TLS context of a gRPC listener.
	 * @param keyMaterial the key material, read on every handshake
	 * @param policy the protocols and suites to allow
	 * @param clientAuth whether clients must present a certificate
	 * @param provider the TLS implementation
	 * @param handshakeTimeout the time a client has to finish its handshake
	 * @param listener the listener told of every handshake
	 * @return the context
	 * @throws SSLException if the TLS implementation refuses the settings
	 */
	public static HipaaGrpcTlsServerContext create(HipaaGrpcTlsKeyMaterial keyMaterial, HipaaGrpcTlsPolicy policy,
			TlsServerCredentials.ClientAuth clientAuth, SslProvider provider, Duration handshakeTimeout,
			HipaaGrpcTlsHandshakeListener listener) throws SSLException {
		Assert.notNull(keyMaterial, "'keyMaterial' must not be null");
		Assert.notNull(policy, "'policy' must not be null");
		Assert.isTrue(clientAuth == TlsServerCredentials.ClientAuth.NONE || !keyMaterial.trustAnchors().isEmpty(),
				"Client certificates are requested but no certificate authority is trusted to issue them");
		SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(keyMaterial.keyManager()),
				provider);
		builder.trustManager(new UnadvertisedTrustManager(keyMaterial.trustManager()))
			.clientAuth(clientAuth(clientAuth))
			.protocols(policy.protocols())
			.ciphers(policy.engineCiphers());
		SslContext sslContext = builder.build();
		SessionResumption.endOnChange(sslContext, keyMaterial);
		ObservedServerTls negotiator = new ObservedServerTls(sslContext, handshakeTimeout.toMillis(), listener);
		return new HipaaGrpcTlsServerContext(negotiator, provider, policy);
	}

	private static ClientAuth clientAuth(TlsServerCredentials.ClientAuth clientAuth) {
		return switch (clientAuth) {
			case NONE -> ClientAuth.NONE;
			case OPTIONAL -> ClientAuth.OPTIONAL;
			case REQUIRE -> ClientAuth.REQUIRE;
		};
	}

	/**
	 * Return gRPC server credentials that use this context.
	 * @return the server credentials
	 */
	public ServerCredentials serverCredentials() {
		return InternalNettyServerCredentials.create(this.negotiator);
	}

	/**
	 * Return the TLS implementation in use.
	 * @return the provider
	 */
	public SslProvider provider() {
		return this.provider;
	}

	/**
	 * Return the policy in force.
	 * @return the policy
	 */
	public HipaaGrpcTlsPolicy policy() {
		return this.policy;
	}

}
