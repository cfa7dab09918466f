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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.util.Assert;

/**
 * Authenticates a service by its client certificate, which the TLS handshake has already
 * verified against the trusted certificate authorities, granting the authorities every
 * service gets plus those configured for its identity.
 *
 * @since 0.1.0
 */
public class PeerCertificateAuthenticationProvider implements AuthenticationProvider {

	private final List<String> authorities;

	private final Map<String, List<String>> identityAuthorities;

	/**
	 * Create a provider.
	 * @param authorities the authorities of every certificate-authenticated service
	 * @param identityAuthorities further authorities by identity
	 */
	public PeerCertificateAuthenticationProvider(List<String> authorities,
			Map<String, List<String>> identityAuthorities) {
		Assert.notNull(authorities, "'authorities' must not be null");
		Assert.notNull(identityAuthorities, "'identityAuthorities' must not be null");
		this.authorities = List.copyOf(authorities);
		this.identityAuthorities = Map.copyOf(identityAuthorities);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		PeerCertificateAuthenticationToken token = (PeerCertificateAuthenticationToken) authentication;
		List<GrantedAuthority> granted = new ArrayList<>();
		this.authorities.forEach((authority) -> granted.add(new SimpleGrantedAuthority(authority)));
		this.identityAuthorities.getOrDefault(token.getName(), List.of())
			.forEach((authority) -> granted.add(new SimpleGrantedAuthority(authority)));
		return token.authenticated(granted);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return PeerCertificateAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
