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

package io.github.hipaagrpc.security;

import java.util.List;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.grpc.server.security.GrpcAuthenticationExtractor;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * Reads the calling service's certificate identity as the call's authentication, unless
 * the call carries an {@code authorization} header: a bearer token always wins, and the
 * certificate's identity then only accompanies it (see
 * {@link PeerCertificateIdentityInterceptor}). Where the identity comes from is up to a
 * {@link PeerCertificateResolver}: the call's TLS session, or a trusted proxy in front of
 * the server.
 *
 * @since 0.1.0
 */
public class PeerCertificateAuthenticationExtractor implements GrpcAuthenticationExtractor {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final PeerCertificateResolver resolver;

	/**
	 * Create an extractor that reads identities from the given parts of the client
	 * certificate in the call's TLS session.
	 * @param sources where to look, in order
	 */
	public PeerCertificateAuthenticationExtractor(List<PeerCertificateIdentity.Source> sources) {
		this(new TlsSessionPeerCertificateResolver(sources));
	}

	/**
	 * Create an extractor that finds identities with the given resolver.
	 * @param resolver the resolver of the calling service's identity
	 */
	public PeerCertificateAuthenticationExtractor(PeerCertificateResolver resolver) {
		Assert.notNull(resolver, "'resolver' must not be null");
		this.resolver = resolver;
	}

	@Override
	public @Nullable Authentication extract(Metadata headers, Attributes attributes, MethodDescriptor<?, ?> method) {
		if (headers.containsKey(AUTHORIZATION)) {
			return null;
		}
		return this.resolver.resolve(headers, attributes);
	}

	/**
	 * Return the certificate identity of the service that made a call, if it has one.
	 * @param headers the call's metadata
	 * @param attributes the call's transport attributes
	 * @return the identity, or {@code null}
	 */
	@Nullable PeerCertificateIdentity identity(Metadata headers, Attributes attributes) {
		PeerCertificateAuthenticationToken token = this.resolver.resolve(headers, attributes);
		return (token != null) ? token.getPrincipal() : null;
	}

}
