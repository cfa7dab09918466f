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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JwtMinter} and {@link TokenBuilder}.
 */
class JwtMinterTests {

	private static final String ISSUER = "https://issuer.hipaa-grpc.test";

	private static final String AUDIENCE = "patient-service";

	private static final TestSigningKey RSA_KEY = TestSigningKey.rsa("rsa-key");

	private static final TestSigningKey EC_KEY = TestSigningKey.ec("ec-key");

	private static final TestSigningKey PSS_KEY = TestSigningKey.rsaPss("pss-key");

	private static final TestSigningKey UNPUBLISHED_KEY = TestSigningKey.rsa("unpublished-key");

	private final LocalJwksServer jwksServer = LocalJwksServer.start(RSA_KEY, EC_KEY, PSS_KEY);

	private final JwtMinter minter = new JwtMinter(RSA_KEY, ISSUER, AUDIENCE);

	@AfterEach
	void closeJwksServer() {
		this.jwksServer.close();
	}

	@Test
	void jwtMinterWhenTokenMintedVerifiesAgainstServedJwks() throws Exception {
		String token = this.minter.token("alice", "nurse", "auditor");
		JWTClaimsSet claims = verifier(JWSAlgorithm.RS256).verify(token);
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(claims.getStringListClaim("roles")).containsExactly("nurse", "auditor");
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getAudience()).containsExactly(AUDIENCE);
		assertThat(this.jwksServer.requestCount()).isPositive();
	}

	@Test
	void jwtMinterWhenDefaultsUsedSetsStandardHeaderAndClaims() throws Exception {
		Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		SignedJWT jwt = SignedJWT.parse(this.minter.token().build());
		Instant after = Instant.now();
		JWSHeader header = jwt.getHeader();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(header.getKeyID()).isEqualTo("rsa-key");
		assertThat(header.getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(claims.getSubject()).isEqualTo("test-user");
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getAudience()).containsExactly(AUDIENCE);
		assertThat(claims.getIssueTime().toInstant()).isBetween(before, after);
		Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
		assertThat(lifetime).isEqualTo(Duration.ofMinutes(5));
		assertThat(claims.getNotBeforeTime()).isNull();
		assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
		assertThat(claims.getClaims()).doesNotContainKeys("roles", "scope");
	}

	@Test
	void jwtMinterWhenTokensMintedTwiceUsesDistinctIds() throws Exception {
		String first = SignedJWT.parse(this.minter.token("alice")).getJWTClaimsSet().getJWTID();
		String second = SignedJWT.parse(this.minter.token("alice")).getJWTClaimsSet().getJWTID();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void jwtMinterWhenEcKeyUsedSignsWithEs256() throws Exception {
		JwtMinter ecMinter = new JwtMinter(EC_KEY, ISSUER, AUDIENCE);
		String token = ecMinter.token("bob");
		assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(verifier(JWSAlgorithm.ES256).verify(token).getSubject()).isEqualTo("bob");
	}

	@Test
	void jwtMinterWhenRsaPssKeyUsedSignsWithPs256() throws Exception {
		JwtMinter pssMinter = new JwtMinter(PSS_KEY, ISSUER, AUDIENCE);
		String token = pssMinter.token("carol");
		assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
		assertThat(verifier(JWSAlgorithm.PS256).verify(token).getSubject()).isEqualTo("carol");
	}

	@Test
	void jwtMinterWhenLifetimeSetSetsExpiry() throws Exception {
		Instant issuedAt = Instant.parse("2026-01-01T10:00:00Z");
		String token = this.minter.token().issuedAt(issuedAt).lifetime(Duration.ofMinutes(30)).build();
		JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(issuedAt);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issuedAt.plus(Duration.ofMinutes(30)));
	}

	@Test
	void jwtMinterWhenExpiresAtSetUsesIt() throws Exception {
		Instant expiresAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
		String token = this.minter.token().lifetime(Duration.ofMinutes(1)).expiresAt(expiresAt).build();
		JWTClaimsSet claims = verifier(JWSAlgorithm.RS256).verify(token);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(expiresAt);
	}

	@Test
	void jwtMinterWhenNoExpirySetOmitsExpiry() throws Exception {
		String token = this.minter.token().noExpiry().build();
		JWTClaimsSet claims = verifier(JWSAlgorithm.RS256).verify(token);
		assertThat(claims.getClaims()).doesNotContainKey("exp");
	}

	@Test
	void jwtMinterWhenLifetimeHasPassedIsRejectedAsExpired() {
		Instant issuedAt = Instant.now().minus(Duration.ofHours(1));
		String token = this.minter.token().issuedAt(issuedAt).build();
		assertThatExceptionOfType(BadJWTException.class).isThrownBy(() -> verifier(JWSAlgorithm.RS256).verify(token))
			.withMessageContaining("Expired");
	}

	@Test
	void jwtMinterWhenNotBeforeSetSetsNotBefore() throws Exception {
		Instant notBefore = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		String token = this.minter.token().notBefore(notBefore).build();
		JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
		assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(notBefore);
		assertThatExceptionOfType(BadJWTException.class).isThrownBy(() -> verifier(JWSAlgorithm.RS256).verify(token));
	}

	@Test
	void jwtMinterWhenRolesSetWritesJsonArray() throws Exception {
		String token = this.minter.token().roles("clinician", "admin").build();
		Object roles = SignedJWT.parse(token).getJWTClaimsSet().getClaim("roles");
		assertThat(roles).isInstanceOf(List.class).isEqualTo(List.of("clinician", "admin"));
	}

	@Test
	void jwtMinterWhenScopesSetWritesSpaceSeparatedScope() throws Exception {
		String token = this.minter.token().scopes("patient.read", "patient.write").build();
		Object scope = SignedJWT.parse(token).getJWTClaimsSet().getClaim("scope");
		assertThat(scope).isEqualTo("patient.read patient.write");
	}

	@Test
	void jwtMinterWhenAudienceSetReplacesDefault() throws Exception {
		String token = this.minter.token().audience("billing", "records").build();
		JWTClaimsSet claims = verifier(JWSAlgorithm.RS256).verify(token);
		assertThat(claims.getAudience()).containsExactly("billing", "records");
	}

	@Test
	void jwtMinterWhenNoAudienceSetOmitsAudience() throws Exception {
		String token = this.minter.token().noAudience().build();
		JWTClaimsSet claims = verifier(JWSAlgorithm.RS256).verify(token);
		assertThat(claims.getClaims()).doesNotContainKey("aud");
	}

	@Test
	void jwtMinterWhenIssuerSetReplacesDefault() throws Exception {
		String token = this.minter.token().issuer("https://rogue.example").build();
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getIssuer()).isEqualTo("https://rogue.example");
	}

	@Test
	void jwtMinterWhenNoIssuerSetOmitsIssuer() throws Exception {
		String token = this.minter.token().noIssuer().build();
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getClaims()).doesNotContainKey("iss");
	}

	@Test
	void jwtMinterWhenClaimSetWritesClaimLast() throws Exception {
		String token = this.minter.token()
			.subject("alice")
			.claim("tenant", "clinic-7")
			.claim("purpose_of_use", Map.of("code", "TREAT"))
			.claim("sub", "override")
			.build();
		JWTClaimsSet claims = verifier(JWSAlgorithm.RS256).verify(token);
		assertThat(claims.getStringClaim("tenant")).isEqualTo("clinic-7");
		assertThat(claims.getJSONObjectClaim("purpose_of_use")).containsEntry("code", "TREAT");
		assertThat(claims.getSubject()).isEqualTo("override");
	}

	@Test
	void jwtMinterWhenKeyIdSetOverridesHeaderButKeepsSigningKey() throws Exception {
		String token = this.minter.token().keyId("not-published").build();
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("not-published");
		assertThat(jwt.verify(new RSASSAVerifier(RSA_KEY.publicJwk().toRSAKey()))).isTrue();
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier(JWSAlgorithm.RS256).verify(token));
	}

	@Test
	void jwtMinterWhenNoKeyIdSetOmitsKeyId() throws Exception {
		String token = this.minter.token().noKeyId().build();
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isNull();
	}

	@Test
	void jwtMinterWhenSignedWithUnpublishedKeyIsRejected() throws Exception {
		String token = this.minter.token().signedWith(UNPUBLISHED_KEY).build();
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("unpublished-key");
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier(JWSAlgorithm.RS256).verify(token));
	}

	@Test
	void jwtMinterWhenSignedWithUnpublishedKeyUnderPublishedKeyIdIsRejected() throws Exception {
		String token = this.minter.token().signedWith(UNPUBLISHED_KEY).keyId("rsa-key").build();
		assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("rsa-key");
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier(JWSAlgorithm.RS256).verify(token))
			.withMessageContaining("signature");
	}

	@Test
	void jwtMinterWhenSignedWithOtherKeyTypeUsesItsAlgorithm() throws Exception {
		String token = this.minter.token().signedWith(EC_KEY).build();
		JWSHeader header = SignedJWT.parse(token).getHeader();
		assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(header.getKeyID()).isEqualTo("ec-key");
		assertThat(verifier(JWSAlgorithm.ES256).verify(token).getIssuer()).isEqualTo(ISSUER);
	}

	@Test
	@SuppressWarnings("NullAway")
	void jwtMinterWhenKeyNullThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JwtMinter(null, ISSUER, AUDIENCE))
			.withMessage("'key' must not be null");
	}

	private JwksTokenVerifier verifier(JWSAlgorithm algorithm) throws Exception {
		return new JwksTokenVerifier(this.jwksServer.jwkSetUri(), algorithm);
	}

}
