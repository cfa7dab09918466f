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

package io.github.hipaagrpc.test.vault;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link VaultPki} over raw HTTP: response fields and formats, role checks, CA
 * endpoints and rotation.
 */
class VaultPkiTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final LocalVaultServer vault = LocalVaultServer.builder()
		.clock(Clock.fixed(NOW, ZoneOffset.UTC))
		.pkiRole(PkiRole.named("server").allowAnyName(true).maxTtl(Duration.ofHours(1)))
		.pkiRole(PkiRole.named("rsa").allowAnyName(true).keyType("rsa"))
		.pkiRole(PkiRole.named("internal")
			.allowedDomains("clinic.internal")
			.allowSubdomains(true)
			.allowIpSans(false)
			.allowedUriSans("spiffe://clinic.internal/*"))
		.pkiRole(PkiRole.named("leased").allowAnyName(true).ttl(Duration.ofMinutes(10)).generateLease(true))
		.start();

	private final VaultHttp http = new VaultHttp(this.vault, this.vault.rootToken());

	private final VaultHttp anonymous = this.http.withToken(null);

	@AfterEach
	void closeServer() {
		this.vault.close();
	}

	@Test
	void issueWhenFormatOmittedReturnsPemFields() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.data.certificate")
			.asString()
			.startsWith("-----BEGIN CERTIFICATE-----\n")
			.endsWith("-----END CERTIFICATE-----");
		assertThat(response.json()).extractingPath("$.data.private_key")
			.asString()
			.startsWith("-----BEGIN EC PRIVATE KEY-----\n");
		assertThat(response.json()).extractingPath("$.data.private_key_type").asString().isEqualTo("ec");
		assertThat(response.json()).extractingPath("$.data.issuing_ca")
			.asString()
			.isEqualTo(response.string("$.data.ca_chain[0]"));
		assertThat(response.json()).extractingPath("$.data.ca_chain").asArray().hasSize(1);
		assertThat(response.json()).extractingPath("$.lease_id").asString().isEmpty();
		assertThat(response.json()).extractingPath("$.lease_duration").asNumber().isEqualTo(0);
		assertThat(response.json()).extractingPath("$.mount_type").asString().isEqualTo("pki");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		certificate.verify(this.vault.pki().caCertificate().getPublicKey());
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=orders.clinic.test");
	}

	@Test
	void issueWhenDerFormatReturnsBase64DerWithoutArmor() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\",\"format\":\"der\"}");
		String certificate = response.string("$.data.certificate");
		assertThat(certificate).doesNotContain("-----").doesNotContain("\n");
		X509Certificate parsed = certificate(Base64.getDecoder().decode(certificate));
		assertThat(parsed.getSubjectX500Principal().getName()).isEqualTo("CN=orders.clinic.test");
		byte[] issuingCa = Base64.getDecoder().decode(response.string("$.data.issuing_ca"));
		assertThat(certificate(issuingCa)).isEqualTo(this.vault.pki().caCertificate());
		assertThat(response.string("$.data.ca_chain[0]")).isEqualTo(response.string("$.data.issuing_ca"));
		assertThat(response.string("$.data.private_key")).doesNotContain("-----");
	}

	@Test
	void issueWhenEcKeyInDerFormatIsSec1WithNamedCurveAndPublicKey() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\",\"format\":\"der\"}");
		byte[] der = Base64.getDecoder().decode(response.string("$.data.private_key"));
		ECPrivateKey sec1 = ECPrivateKey.getInstance(der);
		assertThat(sec1.getParametersObject()).isEqualTo(SECObjectIdentifiers.secp256r1);
		assertThat(sec1.getPublicKey()).isNotNull();
		X509Certificate certificate = certificate(Base64.getDecoder().decode(response.string("$.data.certificate")));
		PrivateKeyInfo info = new PrivateKeyInfo(
				new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1), sec1);
		PrivateKey privateKey = KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
		assertKeyMatches(privateKey, certificate, "SHA256withECDSA");
	}

	@Test
	void issueWhenRsaRoleReturnsPkcs1Key() throws Exception {
		VaultHttp.Response response = issue("rsa", "{\"common_name\":\"orders.clinic.test\"}");
		assertThat(response.json()).extractingPath("$.data.private_key")
			.asString()
			.startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
		assertThat(response.json()).extractingPath("$.data.private_key_type").asString().isEqualTo("rsa");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("RSA");
	}

	@Test
	void issueWhenPkcs8RequestedReturnsPrivateKeyBlock() throws Exception {
		VaultHttp.Response response = issue("server",
				"{\"common_name\":\"orders.clinic.test\",\"private_key_format\":\"pkcs8\"}");
		String pem = response.string("$.data.private_key");
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----");
		byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
		PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		assertKeyMatches(privateKey, pemCertificate(response.string("$.data.certificate")), "SHA256withECDSA");
	}

	@Test
	void issueWhenPemBundleRequestedReturnsKeyCertificateAndChainInCertificate() {
		VaultHttp.Response response = issue("server",
				"{\"common_name\":\"orders.clinic.test\",\"format\":\"pem_bundle\"}");
		String bundle = response.string("$.data.certificate");
		assertThat(bundle).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertThat(bundle.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
		assertThat(bundle).endsWith(response.string("$.data.issuing_ca"));
	}

	@Test
	void issueWhenSucceededReturnsSerialNumberAsLowerCaseColonHex() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\"}");
		String serialNumber = response.string("$.data.serial_number");
		assertThat(serialNumber).matches("[0-9a-f]{2}(:[0-9a-f]{2})*");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(serialNumber.replace(":", "")).isEqualTo(hex(certificate.getSerialNumber().toByteArray()));
		assertThat(this.vault.pki().issuedSerialNumbers()).containsExactly(serialNumber);
		assertThat(this.vault.pki().issuedCertificates()).containsExactly(certificate);
	}

	@Test
	void issueWhenSucceededReturnsExpirationAndNotBeforeAsNumbers() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\",\"ttl\":\"30m\"}");
		assertThat(response.json()).extractingPath("$.data.expiration")
			.asNumber()
			.extracting(Number::longValue)
			.isEqualTo(NOW.plus(Duration.ofMinutes(30)).getEpochSecond());
		assertThat(response.json()).extractingPath("$.data.not_before")
			.asNumber()
			.extracting(Number::longValue)
			.isEqualTo(NOW.minusSeconds(30).getEpochSecond());
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
	}

	@Test
	void issueWhenTtlGivenInSecondsHonoursIt() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\",\"ttl\":600}");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plusSeconds(600));
		assertThat(response.json()).extractingPath("$.warnings").isNull();
	}

	@Test
	void issueWhenTtlAboveMaxTtlCapsWithWarning() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\",\"ttl\":\"720h\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.warnings")
			.asArray()
			.containsExactly("TTL \"720h0m0s\" is longer than permitted maxTTL \"1h0m0s\", so maxTTL is being used");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
	}

	@Test
	void issueWhenSansRequestedAddsThem() throws Exception {
		VaultHttp.Response response = issue("internal",
				"{\"common_name\":\"orders.clinic.internal\","
						+ "\"alt_names\":\"api.clinic.internal,*.orders.clinic.internal\","
						+ "\"uri_sans\":\"spiffe://clinic.internal/orders\"}");
		assertThat(response.status()).isEqualTo(200);
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(subjectAlternativeNames(certificate)).containsExactly("orders.clinic.internal",
				"api.clinic.internal", "*.orders.clinic.internal", "spiffe://clinic.internal/orders");
		VaultHttp.Response withIp = issue("server", "{\"common_name\":\"localhost\",\"ip_sans\":\"127.0.0.1,::1\"}");
		assertThat(subjectAlternativeNames(pemCertificate(withIp.string("$.data.certificate"))))
			.containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
	}

	@Test
	void issueWhenCommonNameExcludedFromSansLeavesItOut() throws Exception {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"orders.clinic.test\","
				+ "\"alt_names\":\"api.clinic.test\",\"exclude_cn_from_sans\":true}");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(subjectAlternativeNames(certificate)).containsExactly("api.clinic.test");
	}

	@Test
	void issueWhenRoleUnknownIsBadRequest() {
		VaultHttp.Response response = issue("nope", "{\"common_name\":\"orders.clinic.test\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"unknown role: nope\"]}");
	}

	@Test
	void issueWhenGetUsedIsMethodNotAllowed() {
		VaultHttp.Response response = this.http.get("pki/issue/server");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"unsupported operation\"]}");
	}

	@Test
	void issueWhenTokenMissingIsPermissionDenied() {
		VaultHttp.Response response = this.anonymous.post("pki/issue/server", "{\"common_name\":\"a.test\"}");
		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void issueWhenCommonNameNotAllowedIsBadRequest() {
		VaultHttp.Response response = issue("internal", "{\"common_name\":\"evil.example.org\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json())
			.isStrictlyEqualTo("{\"errors\":[\"common name evil.example.org not allowed by this role\"]}");
		VaultHttp.Response bare = issue("internal", "{\"common_name\":\"clinic.internal\"}");
		assertThat(bare.json()).extractingPath("$.errors[0]").asString().contains("not allowed by this role");
	}

	@Test
	void issueWhenAltNameNotAllowedIsBadRequest() {
		VaultHttp.Response response = issue("internal",
				"{\"common_name\":\"orders.clinic.internal\",\"alt_names\":\"evil.example.org\"}");
		assertThat(response.json())
			.isStrictlyEqualTo("{\"errors\":[\"subject alternate name evil.example.org not allowed by this role\"]}");
	}

	@Test
	void issueWhenIpSansNotAllowedIsBadRequest() {
		VaultHttp.Response response = issue("internal",
				"{\"common_name\":\"orders.clinic.internal\",\"ip_sans\":\"10.0.0.1\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).extractingPath("$.errors[0]")
			.asString()
			.isEqualTo("IP Subject Alternative Names are not allowed in this role, but was provided via the API");
		VaultHttp.Response invalid = issue("server", "{\"common_name\":\"a.test\",\"ip_sans\":\"10.0.0\"}");
		assertThat(invalid.json())
			.isStrictlyEqualTo("{\"errors\":[\"the value \\\"10.0.0\\\" is not a valid IP address\"]}");
	}

	@Test
	void issueWhenUriSansNotAllowedIsBadRequest() {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"a.test\",\"uri_sans\":\"spiffe://x/y\"}");
		assertThat(response.json()).extractingPath("$.errors[0]")
			.asString()
			.isEqualTo("URI Subject Alternative Names are not allowed in this role, but were provided via the API");
		VaultHttp.Response mismatch = issue("internal",
				"{\"common_name\":\"orders.clinic.internal\",\"uri_sans\":\"spiffe://other/orders\"}");
		assertThat(mismatch.json()).extractingPath("$.errors[0]")
			.asString()
			.isEqualTo("URI Subject Alternative Names were provided via the API which are not valid for this role");
	}

	@Test
	void issueWhenCommonNameMissingIsBadRequest() {
		VaultHttp.Response response = issue("server", "{}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).extractingPath("$.errors[0]")
			.asString()
			.startsWith("the common_name field is required");
	}

	@Test
	void issueWhenFormatUnknownIsBadRequest() {
		VaultHttp.Response response = issue("server", "{\"common_name\":\"a.test\",\"format\":\"p12\"}");
		assertThat(response.json()).isStrictlyEqualTo(
				"{\"errors\":[\"the \\\"format\\\" path parameter must be \\\"pem\\\", \\\"der\\\", or \\\"pem_bundle\\\"\"]}");
	}

	@Test
	void issueWhenOtherSansOrUserIdsRequestedIsBadRequest() {
		VaultHttp.Response otherSans = issue("server",
				"{\"common_name\":\"a.test\",\"other_sans\":\"1.3.6.1.4.1.311.20.2.3;UTF8:a@b\"}");
		assertThat(otherSans.json())
			.isStrictlyEqualTo("{\"errors\":[\"other SAN OID 1.3.6.1.4.1.311.20.2.3 not allowed by this role\"]}");
		VaultHttp.Response userIds = issue("server", "{\"common_name\":\"a.test\",\"user_ids\":\"alice\"}");
		assertThat(userIds.json()).isStrictlyEqualTo("{\"errors\":[\"user_id alice is not allowed by this role\"]}");
	}

	@Test
	void issueWhenKeyTypeRequestedForFixedRoleWarns() {
		VaultHttp.Response response = issue("server",
				"{\"common_name\":\"a.test\",\"key_type\":\"rsa\",\"ttl\":\"5m\"}");
		assertThat(response.json()).extractingPath("$.warnings")
			.asArray()
			.containsExactly("parameters key_type and key_bits ignored as role had specific values");
		assertThat(response.json()).extractingPath("$.data.private_key_type").asString().isEqualTo("ec");
	}

	@Test
	void issueWhenRoleGeneratesLeaseReturnsLease() {
		VaultHttp.Response response = issue("leased", "{\"common_name\":\"a.test\"}");
		assertThat(response.json()).extractingPath("$.lease_id").asString().startsWith("pki/issue/leased/");
		assertThat(response.json()).extractingPath("$.lease_duration").asNumber().isEqualTo(600);
		assertThat(response.json()).extractingPath("$.renewable").asBoolean().isFalse();
	}

	@Test
	void caPemWhenReadWithoutTokenIsRawPem() throws Exception {
		VaultHttp.Response response = this.anonymous.get("pki/ca/pem");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/pem-certificate-chain");
		assertThat(response.body()).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("{");
		assertThat(certificate(response.bytes())).isEqualTo(this.vault.pki().caCertificate());
	}

	@Test
	void caWhenReadWithoutTokenIsRawDer() throws Exception {
		VaultHttp.Response response = this.anonymous.get("pki/ca");
		assertThat(response.contentType()).isEqualTo("application/pkix-cert");
		assertThat(response.bytes()).isEqualTo(this.vault.pki().caCertificate().getEncoded());
	}

	@Test
	void caChainWhenReadIsRawPemChain() throws Exception {
		VaultHttp.Response response = this.anonymous.get("pki/ca_chain");
		assertThat(response.status()).isEqualTo(200);
		assertThat(certificates(response.bytes())).containsExactly(this.vault.pki().caCertificate());
	}

	@Test
	void certCaWhenReadReturnsCertificateInData() throws Exception {
		VaultHttp.Response response = this.anonymous.get("pki/cert/ca");
		assertThat(response.json()).extractingPath("$.data.revocation_time").asNumber().isEqualTo(0);
		assertThat(response.json()).extractingPath("$.data.revocation_time_rfc3339").asString().isEmpty();
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(certificate).isEqualTo(this.vault.pki().caCertificate());
	}

	@Test
	void issuerJsonWhenReadHasCertificateChainAndNoRevocationTime() throws Exception {
		VaultHttp.Response response = this.anonymous.get("pki/issuer/default/json");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.data")
			.asMap()
			.containsOnlyKeys("certificate", "ca_chain", "issuer_id", "issuer_name");
		assertThat(response.json()).extractingPath("$.data.issuer_name").asString().isEqualTo("root-1");
		X509Certificate certificate = pemCertificate(response.string("$.data.certificate"));
		assertThat(certificate).isEqualTo(this.vault.pki().caCertificate());
		String issuerId = response.string("$.data.issuer_id");
		assertThat(this.anonymous.get("pki/issuer/" + issuerId + "/json").string("$.data.issuer_id"))
			.isEqualTo(issuerId);
	}

	@Test
	void issuerPemAndDerWhenReadAreRaw() throws Exception {
		VaultHttp.Response pem = this.anonymous.get("pki/issuer/default/pem");
		assertThat(pem.contentType()).isEqualTo("application/pem-certificate-chain");
		assertThat(certificate(pem.bytes())).isEqualTo(this.vault.pki().caCertificate());
		VaultHttp.Response der = this.anonymous.get("pki/issuer/root-1/der");
		assertThat(der.contentType()).isEqualTo("application/pkix-cert");
		assertThat(der.bytes()).isEqualTo(this.vault.pki().caCertificate().getEncoded());
	}

	@Test
	void issuerWhenReferenceUnknownIsBadRequest() {
		VaultHttp.Response response = this.anonymous.get("pki/issuer/missing/json");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json())
			.isStrictlyEqualTo("{\"errors\":[\"unable to resolve issuer id for reference: missing\"]}");
	}

	@Test
	void rotateCaWhenCalledMakesNewIssuerTheDefault() throws Exception {
		X509Certificate previous = this.vault.pki().caCertificate();
		X509Certificate rotated = this.vault.pki().rotateCa();
		assertThat(rotated).isNotEqualTo(previous);
		assertThat(this.vault.pki().caCertificate()).isEqualTo(rotated);
		assertThat(this.vault.pki().caCertificates()).containsExactly(previous, rotated);
		VaultHttp.Response json = this.anonymous.get("pki/issuer/default/json");
		assertThat(pemCertificate(json.string("$.data.certificate"))).isEqualTo(rotated);
		assertThat(json.string("$.data.issuer_name")).isEqualTo("root-2");
		assertThat(certificate(this.anonymous.get("pki/ca/pem").bytes())).isEqualTo(rotated);
		X509Certificate issued = pemCertificate(
				issue("server", "{\"common_name\":\"a.test\"}").string("$.data.certificate"));
		issued.verify(rotated.getPublicKey());
		VaultHttp.Response old = this.http.post("pki/issuer/root-1/issue/server", "{\"common_name\":\"a.test\"}");
		pemCertificate(old.string("$.data.certificate")).verify(previous.getPublicKey());
		assertThat(certificate(this.anonymous.get("pki/issuer/root-1/pem").bytes())).isEqualTo(previous);
	}

	@Test
	void issuersWhenListedReturnsIdsAndDefault() {
		this.vault.pki().rotateCa();
		VaultHttp.Response response = this.anonymous.list("pki/issuers");
		assertThat(response.json()).extractingPath("$.data.keys").asArray().hasSize(2);
		String defaultId = this.anonymous.get("pki/issuer/default/json").string("$.data.issuer_id");
		assertThat(response.json()).extractingPath("$.data.key_info." + defaultId + ".is_default").asBoolean().isTrue();
	}

	@Test
	void certWhenSerialKnownReturnsCertificateAndWhenUnknownIsNotFound() throws Exception {
		VaultHttp.Response issued = issue("server", "{\"common_name\":\"a.test\"}");
		String serial = issued.string("$.data.serial_number");
		VaultHttp.Response response = this.anonymous.get("pki/cert/" + serial.replace(':', '-'));
		assertThat(pemCertificate(response.string("$.data.certificate")))
			.isEqualTo(pemCertificate(issued.string("$.data.certificate")));
		VaultHttp.Response missing = this.anonymous.get("pki/cert/00:11");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json()).isStrictlyEqualTo("{\"errors\":[]}");
		VaultHttp.Response list = this.http.list("pki/certs");
		assertThat(list.json()).extractingPath("$.data.keys").asArray().contains(serial);
	}

	@Test
	void revokeWhenCertificateIssuedListsItInCrl() throws Exception {
		String serial = issue("server", "{\"common_name\":\"a.test\"}").string("$.data.serial_number");
		VaultHttp.Response response = this.http.post("pki/revoke", "{\"serial_number\":\"" + serial + "\"}");
		assertThat(response.json()).extractingPath("$.data.revocation_time")
			.asNumber()
			.extracting(Number::longValue)
			.isEqualTo(NOW.getEpochSecond());
		assertThat(this.vault.pki().revokedSerialNumbers()).containsExactly(serial);
		VaultHttp.Response crl = this.anonymous.get("pki/crl");
		assertThat(crl.contentType()).isEqualTo("application/pkix-crl");
		X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(crl.bytes()));
		parsed.verify(this.vault.pki().caCertificate().getPublicKey());
		assertThat(parsed.getRevokedCertificates()).hasSize(1);
		assertThat(this.anonymous.get("pki/cert/" + serial).json()).extractingPath("$.data.revocation_time")
			.asNumber()
			.extracting(Number::longValue)
			.isEqualTo(NOW.getEpochSecond());
		VaultHttp.Response unknown = this.http.post("pki/revoke", "{\"serial_number\":\"00:01\"}");
		assertThat(unknown.json()).isStrictlyEqualTo("{\"errors\":[\"certificate with serial 00:01 not found.\"]}");
	}

	@Test
	void mountPathWhenConfiguredServesPkiThere() {
		try (LocalVaultServer custom = LocalVaultServer.builder()
			.pkiPath("pki-int")
			.pkiCaKeyType("rsa")
			.pkiRole(PkiRole.named("server").allowAnyName(true))
			.start()) {
			VaultHttp http = new VaultHttp(custom, custom.rootToken());
			assertThat(http.post("pki-int/issue/server", "{\"common_name\":\"a.test\"}").status()).isEqualTo(200);
			assertThat(http.get("pki/ca/pem").status()).isEqualTo(404);
			assertThat(custom.pki().mountPath()).isEqualTo("pki-int");
			assertThat(custom.pki().caCertificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
		}
	}

	@Test
	void roleWhenKeyBitsUnsupportedIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.vault.pki().createRole(PkiRole.named("weak").keyType("rsa").keyBits(1024)));
		assertThatIllegalArgumentException().isThrownBy(() -> PkiRole.named("bad").keyType("ed25519"));
	}

	private VaultHttp.Response issue(String role, String json) {
		return this.http.post("pki/issue/" + role, json);
	}

	private static void assertKeyMatches(PrivateKey privateKey, X509Certificate certificate, String algorithm)
			throws GeneralSecurityException {
		byte[] data = "key check".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(privateKey);
		signer.update(data);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(certificate.getPublicKey());
		verifier.update(data);
		assertThat(verifier.verify(signature)).isTrue();
	}

	static X509Certificate pemCertificate(String pem) throws GeneralSecurityException {
		return certificate(pem.getBytes(StandardCharsets.US_ASCII));
	}

	static X509Certificate certificate(byte[] encoded) throws GeneralSecurityException {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(encoded));
	}

	static List<X509Certificate> certificates(byte[] encoded) throws GeneralSecurityException {
		Collection<? extends java.security.cert.Certificate> certificates = CertificateFactory.getInstance("X.509")
			.generateCertificates(new ByteArrayInputStream(encoded));
		return certificates.stream().map(X509Certificate.class::cast).toList();
	}

	static List<String> subjectAlternativeNames(X509Certificate certificate) throws GeneralSecurityException {
		List<String> names = new ArrayList<>();
		Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
		if (alternativeNames != null) {
			alternativeNames.forEach((name) -> names.add(String.valueOf(name.get(1))));
		}
		return names;
	}

	private static String hex(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (int i = (bytes[0] == 0) ? 1 : 0; i < bytes.length; i++) {
			hex.append("%02x".formatted(bytes[i] & 0xff));
		}
		return hex.toString();
	}

}
