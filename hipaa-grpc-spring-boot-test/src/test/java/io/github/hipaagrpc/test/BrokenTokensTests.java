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

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BrokenTokens}.
 */
class BrokenTokensTests {

	private static final TestSigningKey RSA_KEY = TestSigningKey.rsa("rsa-key");

	private static final TestSigningKey EC_KEY = TestSigningKey.ec("ec-key");

	private final LocalJwksServer jwksServer = LocalJwksServer.start(RSA_KEY, EC_KEY);

	private final String rsaToken = new JwtMinter(RSA_KEY, "https://issuer.hipaa-grpc.test", "patient-service")
		.token("alice", "nurse");

	private final String ecToken = new JwtMinter(EC_KEY, "https://issuer.hipaa-grpc.test", "patient-service")
		.token("alice", "nurse");

	@AfterEach
	void closeJwksServer() {
		this.jwksServer.close();
	}

	@Test
	void verifierWhenTokensUntouchedAcceptsThem() throws Exception {
		assertThat(verifier().verify(this.rsaToken).getSubject()).isEqualTo("alice");
		assertThat(verifier().verify(this.ecToken).getSubject()).isEqualTo("alice");
	}

	@Test
	void unsignedWhenCalledKeepsPayloadWithAlgNoneAndEmptySignature() {
		String unsigned = BrokenTokens.unsigned(this.rsaToken);
		String[] parts = parts(unsigned);
		assertThat(unsigned).endsWith(".");
		assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"none\"}");
		assertThat(parts[1]).isEqualTo(parts(this.rsaToken)[1]);
		assertThat(parts[2]).isEmpty();
	}

	@Test
	void unsignedWhenVerifiedIsRejected() {
		String unsigned = BrokenTokens.unsigned(this.rsaToken);
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(unsigned));
	}

	@Test
	void hmacSignedWithPublicKeyWhenCalledSignsWithPublicKeyAsSecret() throws Exception {
		String forged = BrokenTokens.hmacSignedWithPublicKey(this.rsaToken, RSA_KEY);
		JWSObject jws = JWSObject.parse(forged);
		assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jws.getHeader().getKeyID()).isEqualTo("rsa-key");
		assertThat(jws.verify(new MACVerifier(RSA_KEY.publicKey().getEncoded()))).isTrue();
		assertThat(parts(forged)[1]).isEqualTo(parts(this.rsaToken)[1]);
	}

	@Test
	void hmacSignedWithPublicKeyWhenVerifiedIsRejected() throws Exception {
		String forgedRsa = BrokenTokens.hmacSignedWithPublicKey(this.rsaToken, RSA_KEY);
		String forgedEc = BrokenTokens.hmacSignedWithPublicKey(this.ecToken, EC_KEY);
		JwksTokenVerifier lenientVerifier = new JwksTokenVerifier(this.jwksServer.jwkSetUri(), JWSAlgorithm.RS256,
				JWSAlgorithm.ES256, JWSAlgorithm.HS256);
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(forgedRsa));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(forgedEc));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> lenientVerifier.verify(forgedRsa));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> lenientVerifier.verify(forgedEc));
	}

	@Test
	void truncatedSignatureWhenCalledShortensOnlyTheSignature() {
		String truncated = BrokenTokens.truncatedSignature(this.rsaToken);
		assertThat(this.rsaToken).startsWith(truncated);
		assertThat(truncated).hasSizeLessThan(this.rsaToken.length());
		assertThat(parts(truncated)[2]).isNotEmpty();
	}

	@Test
	void truncatedSignatureWhenVerifiedIsRejected() {
		String truncatedRsa = BrokenTokens.truncatedSignature(this.rsaToken);
		String truncatedEc = BrokenTokens.truncatedSignature(this.ecToken);
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(truncatedRsa));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(truncatedEc));
	}

	@Test
	void tamperedPayloadWhenCalledChangesSubjectAndKeepsSignature() throws Exception {
		String tampered = BrokenTokens.tamperedPayload(this.rsaToken);
		SignedJWT jwt = SignedJWT.parse(tampered);
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice-tampered");
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("nurse");
		assertThat(parts(tampered)[0]).isEqualTo(parts(this.rsaToken)[0]);
		assertThat(parts(tampered)[2]).isEqualTo(parts(this.rsaToken)[2]);
	}

	@Test
	void tamperedPayloadWhenVerifiedIsRejected() {
		String tamperedRsa = BrokenTokens.tamperedPayload(this.rsaToken);
		String tamperedEc = BrokenTokens.tamperedPayload(this.ecToken);
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(tamperedRsa));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(tamperedEc));
	}

	@Test
	void tamperedPayloadWhenRoleEscalatedIsRejected() throws Exception {
		String tampered = BrokenTokens.tamperedPayload(this.rsaToken, "roles", List.of("nurse", "admin"));
		assertThat(SignedJWT.parse(tampered).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("nurse",
				"admin");
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(tampered));
	}

	@Test
	void malformedWhenVerifiedFailsToParse() {
		String malformed = BrokenTokens.malformed();
		assertThat(malformed).doesNotContain(".");
		assertThatExceptionOfType(ParseException.class).isThrownBy(() -> verifier().verify(malformed));
	}

	@Test
	void unsignedWhenTokenNotCompactThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> BrokenTokens.unsigned("a.b"))
			.withMessage("'token' must be a compact JWS");
	}

	private JwksTokenVerifier verifier() throws Exception {
		return new JwksTokenVerifier(this.jwksServer.jwkSetUri(), JWSAlgorithm.RS256, JWSAlgorithm.ES256);
	}

	private static String[] parts(String token) {
		return token.split("\\.", -1);
	}

	private static String decode(String part) {
		return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
	}

}
