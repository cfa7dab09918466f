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

package io.github.hipaagrpc.access;

import java.time.Instant;
import java.util.Set;

import io.github.hipaagrpc.security.PeerCertificateAuthenticationToken;
import io.github.hipaagrpc.security.PeerCertificateIdentity;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcAccessTimeWindowInterceptor}.
 */
class HipaaGrpcAccessTimeWindowInterceptorTests {

	@Test
	void withoutAuthoritiesWhenJwtKeepsTheTokenDetailsAndOtherAuthorities() {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "ES256")
			.subject("biller-1")
			.issuedAt(Instant.parse("2026-12-07T10:00:00Z"))
			.build();
		JwtAuthenticationToken token = new JwtAuthenticationToken(jwt,
				AuthorityUtils.createAuthorityList("ROLE_BILLER", "ROLE_PROVIDER", "SCOPE_records"), "biller-1");
		PeerCertificateIdentity identity = new PeerCertificateIdentity("billing",
				PeerCertificateIdentity.Source.URI_SAN);
		token.setDetails(identity);
		Authentication narrowed = HipaaGrpcAccessTimeWindowInterceptor.withoutAuthorities(token, Set.of("ROLE_BILLER"));
		assertThat(narrowed).isInstanceOf(JwtAuthenticationToken.class);
		assertThat(AuthorityUtils.authorityListToSet(narrowed.getAuthorities()))
			.containsExactlyInAnyOrder("ROLE_PROVIDER", "SCOPE_records");
		assertThat(narrowed.isAuthenticated()).isTrue();
		assertThat(narrowed.getName()).isEqualTo("biller-1");
		assertThat(narrowed.getDetails()).isEqualTo(identity);
		assertThat(((JwtAuthenticationToken) narrowed).getToken()).isSameAs(jwt);
		assertThat(token.getAuthorities()).hasSize(3);
	}

	@Test
	void withoutAuthoritiesWhenCertificateKeepsTheIdentity() {
		PeerCertificateIdentity identity = new PeerCertificateIdentity("billing",
				PeerCertificateIdentity.Source.URI_SAN);
		PeerCertificateAuthenticationToken token = new PeerCertificateAuthenticationToken(identity)
			.authenticated(AuthorityUtils.createAuthorityList("ROLE_BILLER", "ROLE_AUDITOR"));
		Authentication narrowed = HipaaGrpcAccessTimeWindowInterceptor.withoutAuthorities(token, Set.of("ROLE_BILLER"));
		assertThat(narrowed).isInstanceOf(PeerCertificateAuthenticationToken.class);
		assertThat(AuthorityUtils.authorityListToSet(narrowed.getAuthorities())).containsExactly("ROLE_AUDITOR");
		assertThat(narrowed.isAuthenticated()).isTrue();
		assertThat(narrowed.getPrincipal()).isEqualTo(identity);
	}

}
