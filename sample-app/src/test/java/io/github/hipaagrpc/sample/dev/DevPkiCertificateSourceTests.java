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

package io.github.hipaagrpc.sample.dev;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DevPkiCertificateSource} and the {@link DevPki} behind it.
 */
class DevPkiCertificateSourceTests {

	@Test
	void obtainWhenCalledIssuesLoopbackServerCertificateFromDevelopmentCa(@TempDir Path directory) throws Exception {
		DevPki pki = DevPki.create(directory);
		HipaaGrpcTlsCertificate certificate = new DevPkiCertificateSource(pki, Duration.ofMinutes(10)).obtain();
		X509Certificate leaf = certificate.certificate();
		leaf.verify(pki.caCertificate().getPublicKey());
		assertThat(leaf.getIssuerX500Principal()).isEqualTo(pki.caCertificate().getSubjectX500Principal());
		List<String> names = leaf.getSubjectAlternativeNames()
			.stream()
			.map((name) -> String.valueOf(name.get(1)))
			.toList();
		assertThat(names).containsExactlyInAnyOrder("localhost", "127.0.0.1");
		assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
		assertThat(certificate.certificateChain()).containsExactly(leaf, pki.caCertificate());
		assertThat(certificate.trustAnchors()).containsExactly(pki.caCertificate());
	}

	@Test
	void obtainWhenCalledGivesPrivateKeyOfCertificate(@TempDir Path directory) throws Exception {
		HipaaGrpcTlsCertificate certificate = new DevPkiCertificateSource(DevPki.create(directory),
				Duration.ofMinutes(10))
			.obtain();
		byte[] data = "dev".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(certificate.privateKey());
		signer.update(data);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(certificate.certificate().getPublicKey());
		verifier.update(data);
		assertThat(verifier.verify(signature)).isTrue();
	}

	@Test
	void obtainWhenLifetimeSetIsValidFromJustBeforeNowForThatLong(@TempDir Path directory) {
		DevPkiCertificateSource source = new DevPkiCertificateSource(DevPki.create(directory), Duration.ofMinutes(10));
		Instant before = Instant.now();
		HipaaGrpcTlsCertificate certificate = source.obtain();
		Instant after = Instant.now();
		assertThat(certificate.notBefore()).isBetween(before.minusSeconds(6), after.minusSeconds(4));
		assertThat(certificate.notAfter()).isBetween(before.plusSeconds(599), after.plusSeconds(600));
	}

	@Test
	void obtainWhenCalledAgainIssuesNewSerialAndKey(@TempDir Path directory) {
		DevPkiCertificateSource source = new DevPkiCertificateSource(DevPki.create(directory), Duration.ofMinutes(10));
		HipaaGrpcTlsCertificate first = source.obtain();
		HipaaGrpcTlsCertificate second = source.obtain();
		assertThat(second.serialNumber()).isNotEqualTo(first.serialNumber());
		assertThat(second.certificate().getPublicKey()).isNotEqualTo(first.certificate().getPublicKey());
	}

	@Test
	void obtainWhenLifetimeOutlivesCaEndsWithCa(@TempDir Path directory) {
		DevPki pki = DevPki.create(directory);
		HipaaGrpcTlsCertificate certificate = new DevPkiCertificateSource(pki, Duration.ofDays(30)).obtain();
		assertThat(certificate.notAfter()).isEqualTo(pki.caCertificate().getNotAfter().toInstant());
	}

	@Test
	void createWhenCalledWritesCaCertificateForClients(@TempDir Path directory) throws Exception {
		DevPki pki = DevPki.create(directory);
		assertThat(pki.caFile()).isAbsolute().isEqualTo(directory.resolve("ca.pem").toAbsolutePath());
		try (InputStream in = Files.newInputStream(pki.caFile())) {
			List<Certificate> certificates = List
				.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
			assertThat(certificates).containsExactly(pki.caCertificate());
		}
	}

	@Test
	void createWhenLifetimeIsNotPositiveFails(@TempDir Path directory) {
		DevPki pki = DevPki.create(directory);
		assertThatIllegalArgumentException().isThrownBy(() -> new DevPkiCertificateSource(pki, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> new DevPkiCertificateSource(pki, Duration.ofSeconds(-1)));
	}

}
