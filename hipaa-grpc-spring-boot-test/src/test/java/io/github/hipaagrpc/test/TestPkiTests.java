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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link TestPki} and {@link TestCertificate}.
 */
class TestPkiTests {

	private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private static final int DNS_NAME = 2;

	private static final int URI = 6;

	private static final int IP_ADDRESS = 7;

	private final TestPki pki = TestPki.create();

	@Test
	void createWhenCalledMakesSelfSignedCaValidForOneDay() throws Exception {
		X509Certificate ca = this.pki.caCertificate();
		assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=HIPAA gRPC Test CA");
		assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
		assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
		assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
		assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
		assertThatNoException().isThrownBy(() -> ca.verify(ca.getPublicKey()));
		Duration validity = Duration.between(Instant.now(), ca.getNotAfter().toInstant());
		assertThat(validity).isBetween(Duration.ofHours(23), Duration.ofDays(1));
	}

	@Test
	void issueServerWhenNamesGivenAddsDnsAndIpAlternativeNames() throws Exception {
		TestCertificate server = this.pki.issueServer("localhost", "127.0.0.1", "::1", "records.hipaa-grpc.test");
		X509Certificate certificate = server.certificate();
		assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(DNS_NAME, "localhost"),
				List.of(IP_ADDRESS, "127.0.0.1"), List.of(IP_ADDRESS, "0:0:0:0:0:0:0:1"),
				List.of(DNS_NAME, "records.hipaa-grpc.test"));
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
		assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
		assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
	}

	@Test
	void issueServerWhenCalledIssuesCertificateChainingToCa() throws Exception {
		TestCertificate server = this.pki.issueServer("localhost");
		assertThat(server.chain()).containsExactly(server.certificate(), this.pki.caCertificate());
		assertThat(server.certificate().getIssuerX500Principal())
			.isEqualTo(this.pki.caCertificate().getSubjectX500Principal());
		assertThatNoException().isThrownBy(() -> validatePath(server.certificate()));
	}

	@Test
	void issueServerWhenCertificateFromOtherCaFailsPathValidation() {
		TestCertificate foreign = TestPki.create().issueServer("localhost");
		assertThatExceptionOfType(CertPathValidatorException.class)
			.isThrownBy(() -> validatePath(foreign.certificate()));
	}

	@Test
	void issueServerWhenCalledTwiceUsesDistinctKeysAndSerialNumbers() {
		TestCertificate first = this.pki.issueServer("localhost");
		TestCertificate second = this.pki.issueServer("localhost");
		assertThat(first.certificate().getSerialNumber()).isNotEqualTo(second.certificate().getSerialNumber());
		assertThat(first.certificate().getPublicKey()).isNotEqualTo(second.certificate().getPublicKey());
	}

	@Test
	void issueServerWhenValidityGivenLimitsNotAfter() {
		TestCertificate server = this.pki.issueServer(Duration.ofHours(2), "localhost");
		Duration validity = Duration.between(Instant.now(), server.certificate().getNotAfter().toInstant());
		assertThat(validity).isBetween(Duration.ofHours(2).minusMinutes(1), Duration.ofHours(2));
	}

	@Test
	void issueServerWhenValidityNotPositiveThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pki.issueServer(Duration.ZERO, "localhost"))
			.withMessage("'validity' must be positive");
	}

	@Test
	void issueServerWhenNoNamesGivenThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.pki.issueServer())
			.withMessage("'names' must not be empty");
	}

	@Test
	void issueServerWhenPeriodInPastIssuesExpiredCertificate() {
		Instant now = Instant.now();
		TestCertificate expired = this.pki.issueServer(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)),
				"localhost");
		assertThatExceptionOfType(CertificateExpiredException.class)
			.isThrownBy(() -> expired.certificate().checkValidity());
	}

	@Test
	void issueClientWhenCommonNameGivenAddsClientAuthAndSpiffeId() throws Exception {
		X509Certificate certificate = this.pki.issueClient("billing-service").certificate();
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=billing-service");
		assertThat(certificate.getSubjectAlternativeNames())
			.containsExactly(List.of(URI, "spiffe://hipaa-grpc.test/billing-service"));
		assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
		assertThatNoException().isThrownBy(() -> validatePath(certificate));
	}

	@Test
	void issueClientWhenCommonNameHasSpacesEncodesSpiffeId() throws Exception {
		X509Certificate certificate = this.pki.issueClient("front desk").certificate();
		assertThat(certificate.getSubjectAlternativeNames())
			.containsExactly(List.of(URI, "spiffe://hipaa-grpc.test/front%20desk"));
	}

	@Test
	void certificatePemWhenParsedYieldsLeafThenCa() throws Exception {
		TestCertificate server = this.pki.issueServer("localhost");
		assertThat(parseCertificates(server.certificatePem())).containsExactly(server.certificate(),
				this.pki.caCertificate());
		assertThat(parseCertificates(this.pki.caCertificatePem())).containsExactly(this.pki.caCertificate());
	}

	@Test
	void privateKeyPemWhenParsedSignsForCertificateKey() throws Exception {
		TestCertificate server = this.pki.issueServer("localhost");
		String pem = server.privateKeyPem();
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
		PrivateKey privateKey = parsePrivateKey(pem);
		assertThat(privateKey).isEqualTo(server.privateKey());
		byte[] data = "handshake".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(privateKey);
		signer.update(data);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(server.certificate().getPublicKey());
		verifier.update(data);
		assertThat(verifier.verify(signature)).isTrue();
	}

	@Test
	void writePemWhenCalledWritesChainAndKeyFiles(@TempDir Path directory) throws Exception {
		TestCertificate server = this.pki.issueServer("localhost");
		Path target = directory.resolve("tls");
		Path written = server.writePem(target, "server");
		assertThat(written).isEqualTo(target);
		assertThat(target.resolve("server.crt")).content().isEqualTo(server.certificatePem());
		assertThat(target.resolve("server.key")).content().isEqualTo(server.privateKeyPem());
	}

	@Test
	void certificateFileAndPrivateKeyFileWhenCalledReturnWrittenFiles(@TempDir Path directory) throws Exception {
		TestCertificate client = this.pki.issueClient("billing-service");
		Path certificateFile = client.certificateFile(directory, "client");
		Path privateKeyFile = client.privateKeyFile(directory, "client");
		assertThat(certificateFile).isEqualTo(directory.resolve("client.crt"));
		assertThat(privateKeyFile).isEqualTo(directory.resolve("client.key"));
		assertThat(Files.readString(certificateFile)).isEqualTo(client.certificatePem());
		assertThat(Files.readString(privateKeyFile)).isEqualTo(client.privateKeyPem());
	}

	@Test
	void writeCaPemWhenCalledWritesCaCertificate(@TempDir Path directory) throws Exception {
		Path file = this.pki.writeCaPem(directory);
		assertThat(file).isEqualTo(directory.resolve("ca.pem"));
		assertThat(parseCertificates(Files.readString(file))).containsExactly(this.pki.caCertificate());
	}

	private void validatePath(X509Certificate certificate) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(this.pki.caCertificate(), null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(certificate)), parameters);
	}

	private static List<Certificate> parseCertificates(String pem) throws Exception {
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		return List
			.copyOf(factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
	}

	private static PrivateKey parsePrivateKey(String pem) throws Exception {
		String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
			.replace("-----END PRIVATE KEY-----", "")
			.replaceAll("\\s", "");
		byte[] der = Base64.getDecoder().decode(base64);
		return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
	}

}
