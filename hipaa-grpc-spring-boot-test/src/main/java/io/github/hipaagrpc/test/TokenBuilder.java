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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Builds one signed JWT, starting from the defaults of the {@link JwtMinter} that created
 * it. Each method changes the builder and returns it.
 *
 * @since 0.1.0
 * @see JwtMinter#token()
 */
public final class TokenBuilder {

	private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private TestSigningKey signingKey;

	private @Nullable String keyId;

	private boolean keyIdSet;

	private @Nullable String issuer;

	private List<String> audience;

	private String subject = "test-user";

	private @Nullable List<String> roles;

	private @Nullable List<String> scopes;

	private @Nullable Instant issuedAt;

	private @Nullable Instant notBefore;

	private @Nullable Duration lifetime = DEFAULT_LIFETIME;

	private @Nullable Instant expiresAt;

	TokenBuilder(TestSigningKey signingKey, String issuer, String audience) {
		this.signingKey = signingKey;
		this.issuer = issuer;
		this.audience = List.of(audience);
	}

	/**
	 * Set the subject ({@code sub}).
	 * @param subject the subject
	 * @return this builder
	 */
	public TokenBuilder subject(String subject) {
		Assert.notNull(subject, "'subject' must not be null");
		this.subject = subject;
		return this;
	}

	/**
	 * Set the roles, written as the {@code roles} claim, a JSON array.
	 * @param roles the roles
	 * @return this builder
	 */
	public TokenBuilder roles(String... roles) {
		Assert.noNullElements(roles, "'roles' must not contain null elements");
		this.roles = List.of(roles);
		return this;
	}

	/**
	 * Set the scopes, joined by spaces into one string in the claim named "scope".
	 * @param scopes the scopes
	 * @return this builder
	 */
	public TokenBuilder scopes(String... scopes) {
		Assert.noNullElements(scopes, "'scopes' must not contain null elements");
		this.scopes = List.of(scopes);
		return this;
	}

	/**
	 * Set the audience ({@code aud}), replacing the minter's default.
	 * @param audience the audience values
	 * @return this builder
	 */
	public TokenBuilder audience(String... audience) {
		Assert.noNullElements(audience, "'audience' must not contain null elements");
		this.audience = List.of(audience);
		return this;
	}

	/**
	 * Leave out the {@code aud} claim.
	 * @return this builder
	 */
	public TokenBuilder noAudience() {
		this.audience = List.of();
		return this;
	}

	/**
	 * Set the issuer ({@code iss}), replacing the minter's default.
	 * @param issuer the issuer
	 * @return this builder
	 */
	public TokenBuilder issuer(String issuer) {
		Assert.notNull(issuer, "'issuer' must not be null");
		this.issuer = issuer;
		return this;
	}

	/**
	 * Leave out the {@code iss} claim.
	 * @return this builder
	 */
	public TokenBuilder noIssuer() {
		this.issuer = null;
		return this;
	}

	/**
	 * Set how long the token lives: its expiry is the issue time plus this lifetime. A
	 * negative lifetime makes a token that expired when it was issued.
	 * @param lifetime the lifetime
	 * @return this builder
	 */
	public TokenBuilder lifetime(Duration lifetime) {
		Assert.notNull(lifetime, "'lifetime' must not be null");
		this.lifetime = lifetime;
		this.expiresAt = null;
		return this;
	}

	/**
	 * Set the issue time ({@code iat}) instead of the time the token is built.
	 * @param issuedAt the issue time
	 * @return this builder
	 */
	public TokenBuilder issuedAt(Instant issuedAt) {
		Assert.notNull(issuedAt, "'issuedAt' must not be null");
		this.issuedAt = issuedAt;
		return this;
	}

	/**
	 * Set the time before which the token must not be accepted ({@code nbf}).
	 * @param notBefore the not-before time
	 * @return this builder
	 */
	public TokenBuilder notBefore(Instant notBefore) {
		Assert.notNull(notBefore, "'notBefore' must not be null");
		this.notBefore = notBefore;
		return this;
	}

	/**
	 * Set the expiry ({@code exp}) to a fixed time instead of a lifetime.
	 * @param expiresAt the expiry
	 * @return this builder
	 */
	public TokenBuilder expiresAt(Instant expiresAt) {
		Assert.notNull(expiresAt, "'expiresAt' must not be null");
		this.expiresAt = expiresAt;
		this.lifetime = null;
		return this;
	}

	/**
	 * Leave out the {@code exp} claim.
	 * @return this builder
	 */
	public TokenBuilder noExpiry() {
		this.expiresAt = null;
		this.lifetime = null;
		return this;
	}

	/**
	 * Set a claim. It is written last, so it replaces any claim of the same name that the
	 * other methods set. The value must be serializable as JSON: a string, number,
	 * boolean, list or map.
	 * @param name the claim name
	 * @param value the claim value
	 * @return this builder
	 */
	public TokenBuilder claim(String name, Object value) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(value, "'value' must not be null");
		this.claims.put(name, value);
		return this;
	}

	/**
	 * Set the {@code kid} header instead of the signing key's id.
	 * @param keyId the key id
	 * @return this builder
	 */
	public TokenBuilder keyId(String keyId) {
		Assert.notNull(keyId, "'keyId' must not be null");
		this.keyId = keyId;
		this.keyIdSet = true;
		return this;
	}

	/**
	 * Leave out the {@code kid} header.
	 * @return this builder
	 */
	public TokenBuilder noKeyId() {
		this.keyId = null;
		this.keyIdSet = true;
		return this;
	}

	/**
	 * Sign with another key, for example one that no JWKS publishes. The {@code alg}
	 * header follows the key, and so does {@code kid} unless {@link #keyId(String)} set
	 * it.
	 * @param key the signing key
	 * @return this builder
	 */
	public TokenBuilder signedWith(TestSigningKey key) {
		Assert.notNull(key, "'key' must not be null");
		this.signingKey = key;
		return this;
	}

	/**
	 * Build and sign the token.
	 * @return the compact signed token
	 */
	public String build() {
		SignedJWT jwt = new SignedJWT(header(), claimsSet());
		try {
			jwt.sign(this.signingKey.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Unable to sign with key '%s'".formatted(this.signingKey.keyId()), ex);
		}
		return jwt.serialize();
	}

	private JWSHeader header() {
		JWSHeader.Builder builder = new JWSHeader.Builder(this.signingKey.algorithm()).type(JOSEObjectType.JWT);
		return builder.keyID(headerKeyId()).build();
	}

	private @Nullable String headerKeyId() {
		if (this.keyIdSet) {
			return this.keyId;
		}
		return this.signingKey.keyId();
	}

	private JWTClaimsSet claimsSet() {
		Instant issued = (this.issuedAt != null) ? this.issuedAt : Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.issuer(this.issuer)
			.subject(this.subject)
			.claim("iat", issued.getEpochSecond());
		if (!this.audience.isEmpty()) {
			builder.audience(this.audience);
		}
		applyTimes(builder, issued);
		applyAuthorities(builder);
		this.claims.forEach(builder::claim);
		return builder.build();
	}

	private void applyTimes(JWTClaimsSet.Builder builder, Instant issued) {
		Instant expiry = (this.lifetime != null) ? issued.plus(this.lifetime) : this.expiresAt;
		if (expiry != null) {
			builder.claim("exp", expiry.getEpochSecond());
		}
		if (this.notBefore != null) {
			builder.claim("nbf", this.notBefore.getEpochSecond());
		}
	}

	private void applyAuthorities(JWTClaimsSet.Builder builder) {
		if (this.roles != null) {
			builder.claim("roles", new ArrayList<>(this.roles));
		}
		if (this.scopes != null) {
			builder.claim("scope", String.join(" ", this.scopes));
		}
	}

	@Override
	public String toString() {
		return "TokenBuilder[signingKey='%s']".formatted(this.signingKey.keyId());
	}

}
