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

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TestSigningKey}.
 */
class TestSigningKeyTests {

	@Test
	void rsaWhenCreatedIsRsa2048SigningWithRs256() throws Exception {
		TestSigningKey key = TestSigningKey.rsa("rsa-1");
		assertThat(key.keyId()).isEqualTo("rsa-1");
		assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(key.publicJwk()).isInstanceOf(RSAKey.class);
		assertThat(key.publicJwk().size()).isEqualTo(2048);
		assertThat(key.publicJwk().getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
		assertThat(key.publicJwk().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(key.publicKey()).isInstanceOf(RSAPublicKey.class)
			.isEqualTo(key.publicJwk().toRSAKey().toRSAPublicKey());
	}

	@Test
	void rsaPssWhenCreatedSignsWithPs256() {
		TestSigningKey key = TestSigningKey.rsaPss("pss-1");
		assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.PS256);
		assertThat(key.publicJwk().size()).isEqualTo(2048);
		assertThat(key.publicJwk().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
	}

	@Test
	void ecWhenCreatedIsP256SigningWithEs256() throws Exception {
		TestSigningKey key = TestSigningKey.ec("ec-1");
		assertThat(key.keyId()).isEqualTo("ec-1");
		assertThat(key.algorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(key.publicJwk()).isInstanceOf(ECKey.class);
		assertThat(key.publicJwk().toECKey().getCurve()).isEqualTo(Curve.P_256);
		assertThat(key.publicKey()).isInstanceOf(ECPublicKey.class)
			.isEqualTo(key.publicJwk().toECKey().toECPublicKey());
	}

	@Test
	void publicJwkWhenCreatedHasNoPrivateParameters() {
		TestSigningKey rsa = TestSigningKey.rsa("rsa-1");
		TestSigningKey ec = TestSigningKey.ec("ec-1");
		assertThat(rsa.publicJwk().isPrivate()).isFalse();
		assertThat(rsa.publicJwk().toJSONObject()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
		assertThat(ec.publicJwk().isPrivate()).isFalse();
		assertThat(ec.publicJwk().toJSONObject()).doesNotContainKey("d");
	}

	@Test
	void privateJwkWhenCreatedHoldsKeyPairOfPublicJwk() {
		TestSigningKey key = TestSigningKey.ec("ec-1");
		assertThat(key.privateJwk().isPrivate()).isTrue();
		assertThat(key.privateJwk().toPublicJWK()).isEqualTo(key.publicJwk());
	}

	@Test
	void rsaWhenCreatedTwiceGeneratesDistinctKeys() {
		TestSigningKey first = TestSigningKey.rsa("same-id");
		TestSigningKey second = TestSigningKey.rsa("same-id");
		assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
	}

	@Test
	void toStringWhenCalledShowsNoKeyMaterial() {
		TestSigningKey key = TestSigningKey.rsa("rsa-1");
		String modulus = key.publicJwk().toRSAKey().getModulus().toString();
		assertThat(key.toString()).contains("rsa-1", "RS256").doesNotContain(modulus);
	}

	@Test
	void rsaWhenKeyIdEmptyThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestSigningKey.rsa(""))
			.withMessage("'keyId' must not be empty");
	}

}
