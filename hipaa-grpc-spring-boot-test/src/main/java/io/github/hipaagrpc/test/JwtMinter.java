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

import org.springframework.util.Assert;

/**
 * Mints signed compact JWTs for one issuer and audience, as an authorization server
 * would.
 * <p>
 * Tokens have the subject {@code test-user}, are issued now, expire five minutes later,
 * carry a random {@code jti} and name the signing key in their {@code kid} header. Use
 * {@link #token()} to change any of that.
 *
 * @since 0.1.0
 */
public final class JwtMinter {

	private final TestSigningKey key;

	private final String issuer;

	private final String audience;

	/**
	 * Create a new minter.
	 * @param key the key that signs the tokens
	 * @param issuer the issuer, written as the {@code iss} claim
	 * @param audience the audience, written as the {@code aud} claim
	 */
	public JwtMinter(TestSigningKey key, String issuer, String audience) {
		Assert.notNull(key, "'key' must not be null");
		Assert.hasText(issuer, "'issuer' must not be empty");
		Assert.hasText(audience, "'audience' must not be empty");
		this.key = key;
		this.issuer = issuer;
		this.audience = audience;
	}

	/**
	 * Return a new builder for a token, preset with this minter's defaults.
	 * @return the token builder
	 */
	public TokenBuilder token() {
		return new TokenBuilder(this.key, this.issuer, this.audience);
	}

	/**
	 * Mint a token for the given subject and roles, with every other value at its
	 * default.
	 * @param subject the subject, written as the {@code sub} claim
	 * @param roles the roles, written as the {@code roles} claim
	 * @return the compact signed token
	 */
	public String token(String subject, String... roles) {
		return token().subject(subject).roles(roles).build();
	}

	/**
	 * Return the key that signs the tokens by default.
	 * @return the signing key
	 */
	public TestSigningKey key() {
		return this.key;
	}

	/**
	 * Return the issuer written into the tokens by default.
	 * @return the issuer
	 */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * Return the audience written into the tokens by default.
	 * @return the audience
	 */
	public String audience() {
		return this.audience;
	}

}
