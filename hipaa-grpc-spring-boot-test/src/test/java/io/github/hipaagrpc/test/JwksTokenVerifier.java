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

import java.net.MalformedURLException;
import java.net.URI;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies tokens with Nimbus against keys fetched from a JWK Set URI on every call.
 */
final class JwksTokenVerifier {

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	JwksTokenVerifier(String jwkSetUri, JWSAlgorithm... algorithms) throws MalformedURLException {
		JWKSource<SecurityContext> source = JWKSourceBuilder.create(URI.create(jwkSetUri).toURL())
			.cache(false)
			.refreshAheadCache(false)
			.rateLimited(false)
			.retrying(false)
			.build();
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(algorithms), source));
	}

	/**
	 * Verify the token's signature, expiry and not-before time.
	 * @param token the compact token
	 * @return the verified claims
	 * @throws Exception if the token is rejected
	 */
	JWTClaimsSet verify(String token) throws Exception {
		return this.processor.process(token, null);
	}

}
