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

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reads the calling service's identity from the client certificate of the call's TLS
 * session, which the handshake has already verified. The call's metadata is never read.
 *
 * @since 0.1.0
 */
public class TlsSessionPeerCertificateResolver implements PeerCertificateResolver {

	private final List<PeerCertificateIdentity.Source> sources;

	/**
	 * Create a resolver that reads identities from the given parts of a certificate.
	 * @param sources where to look, in order
	 */
	public TlsSessionPeerCertificateResolver(List<PeerCertificateIdentity.Source> sources) {
		Assert.notEmpty(sources, "'sources' must not be empty");
		this.sources = List.copyOf(sources);
	}

	@Override
	public @Nullable PeerCertificateAuthenticationToken resolve(Metadata headers, Attributes attributes) {
		X509Certificate certificate = peerCertificate(attributes);
		if (certificate == null) {
			return null;
		}
		PeerCertificateIdentity identity = PeerCertificateIdentity.of(certificate, this.sources);
		return (identity != null) ? new PeerCertificateAuthenticationToken(identity, certificate) : null;
	}

	private static @Nullable X509Certificate peerCertificate(Attributes attributes) {
		SSLSession session = attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
		if (session == null) {
			return null;
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			return (chain.length > 0 && chain[0] instanceof X509Certificate certificate) ? certificate : null;
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

}
