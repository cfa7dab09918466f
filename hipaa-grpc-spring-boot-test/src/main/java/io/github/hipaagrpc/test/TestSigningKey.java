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

import java.security.PublicKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import org.springframework.util.Assert;

/**
 * An asymmetric key pair, generated in-process, that signs test JWTs and is published as
 * a JWK.
 *
 * @since 0.1.0
 */
public final class TestSigningKey {

	private static final int RSA_KEY_SIZE = 2048;

	private final JWK privateJwk;

	private final JWK publicJwk;

	private final JWSAlgorithm algorithm;

	private TestSigningKey(JWK privateJwk, JWSAlgorithm algorithm) {
		this.privateJwk = privateJwk;
		this.publicJwk = privateJwk.toPublicJWK();
		this.algorithm = algorithm;
	}

	/**
	 * Create a new RSA 2048 key that signs with RS256.
	 * @param keyId the key id published as {@code kid}
	 * @return the signing key
	 */
	public static TestSigningKey rsa(String keyId) {
		return generateRsa(keyId, JWSAlgorithm.RS256);
	}

	/**
	 * Create a new RSA 2048 key that signs with RSASSA-PSS (PS256).
	 * @param keyId the key id published as {@code kid}
	 * @return the signing key
	 */
	public static TestSigningKey rsaPss(String keyId) {
		return generateRsa(keyId, JWSAlgorithm.PS256);
	}

	/**
	 * Create a new EC P-256 key that signs with ES256.
	 * @param keyId the key id published as {@code kid}
	 * @return the signing key
	 */
	public static TestSigningKey ec(String keyId) {
		Assert.hasText(keyId, "'keyId' must not be empty");
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.generate();
			return new TestSigningKey(key, JWSAlgorithm.ES256);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Unable to generate EC key '%s'".formatted(keyId), ex);
		}
	}

	private static TestSigningKey generateRsa(String keyId, JWSAlgorithm algorithm) {
		Assert.hasText(keyId, "'keyId' must not be empty");
		try {
			RSAKey key = new RSAKeyGenerator(RSA_KEY_SIZE).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(algorithm)
				.generate();
			return new TestSigningKey(key, algorithm);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Unable to generate RSA key '%s'".formatted(keyId), ex);
		}
	}

	/**
	 * Return the key id, published as {@code kid}.
	 * @return the key id
	 */
	public String keyId() {
		return this.privateJwk.getKeyID();
	}

	/**
	 * Return the JWS algorithm this key signs with.
	 * @return the algorithm
	 */
	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * Return the public half of the key as a JWK, as a JWKS endpoint publishes it.
	 * @return the public JWK
	 */
	public JWK publicJwk() {
		return this.publicJwk;
	}

	/**
	 * Return the full key pair as a JWK, private parameters included.
	 * @return the private JWK
	 */
	public JWK privateJwk() {
		return this.privateJwk;
	}

	/**
	 * Return the public key.
	 * @return the public key
	 */
	public PublicKey publicKey() {
		try {
			return ((AsymmetricJWK) this.publicJwk).toPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Unable to convert key '%s'".formatted(keyId()), ex);
		}
	}

	/**
	 * Create a signer for this key.
	 * @return the signer
	 */
	JWSSigner signer() {
		try {
			if (this.privateJwk instanceof RSAKey rsaKey) {
				return new RSASSASigner(rsaKey);
			}
			return new ECDSASigner((ECKey) this.privateJwk);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Unable to create a signer for key '%s'".formatted(keyId()), ex);
		}
	}

	@Override
	public String toString() {
		return "TestSigningKey[keyId='%s', algorithm=%s]".formatted(keyId(), this.algorithm);
	}

}
