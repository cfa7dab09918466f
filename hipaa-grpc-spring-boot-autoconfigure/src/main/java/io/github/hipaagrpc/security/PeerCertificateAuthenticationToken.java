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

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.Assert;

/**
 * Authentication of a service by the client certificate it presented in the TLS
 * handshake, either to this server or to a trusted proxy that passed on the certificate's
 * identity. Its name is the certificate's identity.
 *
 * @since 0.1.0
 */
public class PeerCertificateAuthenticationToken extends AbstractAuthenticationToken {

	private final PeerCertificateIdentity identity;

	private final @Nullable X509Certificate certificate;

	/**
	 * Create an unauthenticated token for a presented certificate.
	 * @param identity the certificate's identity
	 * @param certificate the certificate, already verified by the TLS handshake
	 */
	public PeerCertificateAuthenticationToken(PeerCertificateIdentity identity, X509Certificate certificate) {
		this(identity, certificate, List.of(), false);
		Assert.notNull(certificate, "'certificate' must not be null");
	}

	/**
	 * Create an unauthenticated token for a certificate that a trusted proxy verified and
	 * passed on by its identity only.
	 * @param identity the certificate's identity
	 */
	public PeerCertificateAuthenticationToken(PeerCertificateIdentity identity) {
		this(identity, null, List.of(), false);
	}

	private PeerCertificateAuthenticationToken(PeerCertificateIdentity identity, @Nullable X509Certificate certificate,
			Collection<? extends GrantedAuthority> authorities, boolean authenticated) {
		super(authorities);
		Assert.notNull(identity, "'identity' must not be null");
		this.identity = identity;
		this.certificate = certificate;
		setAuthenticated(authenticated);
	}

	/**
	 * Return an authenticated copy of this token with the given authorities.
	 * @param authorities the authorities granted to the service
	 * @return the authenticated token
	 */
	public PeerCertificateAuthenticationToken authenticated(Collection<? extends GrantedAuthority> authorities) {
		return new PeerCertificateAuthenticationToken(this.identity, this.certificate, authorities, true);
	}

	@Override
	public PeerCertificateIdentity getPrincipal() {
		return this.identity;
	}

	/**
	 * Return the client certificate, when the server itself verified it.
	 * @return the certificate, or {@code null} when a trusted proxy passed on only its
	 * identity
	 */
	@Override
	public @Nullable X509Certificate getCredentials() {
		return this.certificate;
	}

	@Override
	public String getName() {
		return this.identity.name();
	}

}
