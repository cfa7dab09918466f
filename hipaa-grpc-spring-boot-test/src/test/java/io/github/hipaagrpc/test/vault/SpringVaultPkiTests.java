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

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultPkiOperations;
import org.springframework.vault.core.VaultPkiOperations.Encoding;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.certificate.CertificateContainer;
import org.springframework.vault.core.certificate.ManagedCertificate;
import org.springframework.vault.core.certificate.domain.RequestedCertificate;
import org.springframework.vault.core.certificate.domain.RequestedTrustAnchor;
import org.springframework.vault.core.certificate.event.CertificateEvent;
import org.springframework.vault.core.certificate.event.CertificateObtainedEvent;
import org.springframework.vault.core.certificate.event.CertificateRotatedEvent;
import org.springframework.vault.support.CertificateBundle;
import org.springframework.vault.support.VaultCertificateRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VaultPki} driven by Spring Vault's {@link VaultPkiOperations} and
 * {@link CertificateContainer}.
 */
class SpringVaultPkiTests {

	private final LocalVaultServer vault = LocalVaultServer.builder()
		.pkiRole(PkiRole.named("server").allowAnyName(true).maxTtl(Duration.ofHours(1)))
		.pkiRole(PkiRole.named("rsa").allowAnyName(true).keyType("rsa"))
		.start();

	private final VaultTemplate template = new VaultTemplate(VaultEndpoint.from(this.vault.uri()),
			new TokenAuthentication(this.vault.rootToken()));

	private final VaultPkiOperations pki = this.template.opsForPki("pki");

	@AfterEach
	void closeServer() {
		this.vault.close();
	}

	@Test
	void issueCertificateWhenEcRoleReturnsKeyMatchingCertificateChainedToCa() throws Exception {
		VaultCertificateRequest request = VaultCertificateRequest.builder()
			.commonName("orders.clinic.test")
			.withAltName("orders")
			.withIpSubjectAltName("127.0.0.1")
			.ttl(Duration.ofMinutes(30))
			.build();
		CertificateBundle bundle = this.pki.issueCertificate("server", request).getRequiredData();
		X509Certificate certificate = bundle.getX509Certificate();
		assertThat(bundle.getRequiredPrivateKeyType()).isEqualTo("ec");
		PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(bundle.getPrivateKeySpec());
		assertKeyMatches(privateKey, certificate, "SHA256withECDSA");
		assertChainsTo(certificate, this.vault.pki().caCertificate());
		assertThat(bundle.getX509IssuerCertificate()).isEqualTo(this.vault.pki().caCertificate());
		assertThat(VaultPkiTests.subjectAlternativeNames(certificate)).containsExactly("orders.clinic.test", "orders",
				"127.0.0.1");
		assertThat(certificate.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofMinutes(29)),
				Instant.now().plus(Duration.ofMinutes(31)));
		assertThat(bundle.getSerialNumber()).isEqualTo(this.vault.pki().issuedSerialNumbers().get(0));
		KeyStore keyStore = bundle.createKeyStore("orders", true);
		assertThat(keyStore.getCertificateChain("orders")).hasSize(2);
	}

	@Test
	void issueCertificateWhenRsaRoleReturnsKeyMatchingCertificate() throws Exception {
		VaultCertificateRequest request = VaultCertificateRequest.builder().commonName("billing.clinic.test").build();
		CertificateBundle bundle = this.pki.issueCertificate("rsa", request).getRequiredData();
		assertThat(bundle.getRequiredPrivateKeyType()).isEqualTo("rsa");
		PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(bundle.getPrivateKeySpec());
		assertKeyMatches(privateKey, bundle.getX509Certificate(), "SHA256withRSA");
		assertChainsTo(bundle.getX509Certificate(), this.vault.pki().caCertificate());
	}

	@Test
	void issueCertificateWhenTtlAboveMaxTtlIsCappedToMaxTtl() {
		VaultCertificateRequest request = VaultCertificateRequest.builder()
			.commonName("orders.clinic.test")
			.ttl(Duration.ofDays(30))
			.build();
		X509Certificate certificate = this.pki.issueCertificate("server", request)
			.getRequiredData()
			.getX509Certificate();
		assertThat(certificate.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofMinutes(61)));
	}

	@Test
	void getIssuerCertificateWhenDefaultRequestedReturnsCurrentCa() throws Exception {
		X509Certificate ca = this.pki.getIssuerCertificate("default").getRequiredData().getX509Certificate();
		assertThat(ca).isEqualTo(this.vault.pki().caCertificate());
		try (InputStream der = this.pki.getIssuerCertificate("default", Encoding.DER)) {
			assertThat(VaultPkiTests.certificate(der.readAllBytes())).isEqualTo(ca);
		}
		X509Certificate rotated = this.vault.pki().rotateCa();
		assertThat(this.pki.getIssuerCertificate("default").getRequiredData().getX509Certificate()).isEqualTo(rotated);
	}

	@Test
	void revokeWhenCertificateIssuedListsItInCrl() throws Exception {
		VaultCertificateRequest request = VaultCertificateRequest.builder().commonName("orders.clinic.test").build();
		CertificateBundle bundle = this.pki.issueCertificate("server", request).getRequiredData();
		this.pki.revoke(bundle.getSerialNumber());
		try (InputStream crl = present(this.pki.getCrl(Encoding.PEM))) {
			String pem = new String(crl.readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(pem).startsWith("-----BEGIN X509 CRL-----");
		}
		assertThat(this.vault.pki().revokedSerialNumbers()).containsExactly(bundle.getSerialNumber());
	}

	@Test
	void certificateContainerWhenStartedObtainsCertificate() throws Exception {
		CertificateContainer container = new CertificateContainer(this.pki);
		container.afterPropertiesSet();
		BlockingQueue<CertificateBundle> obtained = new LinkedBlockingQueue<>();
		VaultCertificateRequest request = VaultCertificateRequest.builder()
			.commonName("orders.clinic.test")
			.ttl(Duration.ofMinutes(10))
			.build();
		ManagedCertificate.issue("orders-server", "server", request, obtained::add).registerCertificate(container);
		container.start();
		try {
			CertificateBundle bundle = present(obtained.poll(10, TimeUnit.SECONDS));
			assertThat(bundle.getX509Certificate().getSubjectX500Principal().getName())
				.isEqualTo("CN=orders.clinic.test");
			assertChainsTo(bundle.getX509Certificate(), this.vault.pki().caCertificate());
			assertThat(this.vault.pki().issuedCertificates()).containsExactly(bundle.getX509Certificate());
		}
		finally {
			container.destroy();
		}
	}

	@Test
	void certificateContainerWhenCaRotatedRefreshesTrustAnchor() throws Exception {
		CertificateContainer container = new CertificateContainer(this.pki);
		container.afterPropertiesSet();
		List<CertificateEvent> events = new CopyOnWriteArrayList<>();
		RequestedTrustAnchor trustAnchor = RequestedCertificate.trustAnchor("ca");
		container.register(trustAnchor, events::add);
		container.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
			assertThat(events.get(0)).isInstanceOf(CertificateObtainedEvent.class);
			assertThat(((CertificateObtainedEvent) events.get(0)).getCertificate().getX509Certificate())
				.isEqualTo(this.vault.pki().caCertificate());
			X509Certificate rotated = this.vault.pki().rotateCa();
			container.rotate(trustAnchor);
			await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
			assertThat(events.get(1)).isInstanceOf(CertificateRotatedEvent.class);
			assertThat(((CertificateRotatedEvent) events.get(1)).getCertificate().getX509Certificate())
				.isEqualTo(rotated);
		}
		finally {
			container.destroy();
		}
	}

	private static <T> T present(@Nullable T value) {
		if (value == null) {
			throw new AssertionError("Expected a value");
		}
		return value;
	}

	private static void assertKeyMatches(PrivateKey privateKey, X509Certificate certificate, String algorithm)
			throws GeneralSecurityException {
		byte[] data = "key check".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance(algorithm);
		signer.initSign(privateKey);
		signer.update(data);
		Signature verifier = Signature.getInstance(algorithm);
		verifier.initVerify(certificate.getPublicKey());
		verifier.update(data);
		assertThat(verifier.verify(signer.sign())).isTrue();
	}

	private static void assertChainsTo(X509Certificate certificate, X509Certificate ca)
			throws GeneralSecurityException {
		CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
		parameters.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX").validate(path, parameters);
	}

}
