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

package io.github.hipaagrpc.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcTlsKeyMaterial}.
 */
class HipaaGrpcTlsKeyMaterialTests {

	private final TestPki pki = TestPki.create();

	@TempDir
	@SuppressWarnings("NullAway.Init")
	Path directory;

	@Test
	void servingCertificateWhenCreatedIsTheChainsFirst() {
		TestCertificate certificate = this.pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(certificate.privateKey(), certificate.chain(),
				List.of());
		assertThat(keyMaterial.servingCertificate()).isEqualTo(certificate.certificate());
		assertThat(keyMaterial.certificateChain()).isEqualTo(certificate.chain());
		assertThat(keyMaterial.keyManager().getCertificateChain(serverAlias(keyMaterial)))
			.containsExactlyElementsOf(certificate.chain());
	}

	@Test
	void updateWhenNewCertificateServesItToNewHandshakes() {
		TestCertificate first = this.pki.issueServer("localhost");
		TestCertificate second = this.pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(first.privateKey(), first.chain(), List.of());
		keyMaterial.update(second.privateKey(), second.chain());
		assertThat(keyMaterial.servingCertificate()).isEqualTo(second.certificate());
		String alias = serverAlias(keyMaterial);
		assertThat(keyMaterial.keyManager().getCertificateChain(alias)[0]).isEqualTo(second.certificate());
		assertThat(keyMaterial.keyManager().getPrivateKey(alias)).isEqualTo(second.privateKey());
	}

	@Test
	void updateWhenKeyBelongsToAnotherCertificateIsRefusedAndKeepsServingTheOld() {
		TestCertificate first = this.pki.issueServer("localhost");
		TestCertificate other = this.pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(first.privateKey(), first.chain(), List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> keyMaterial.update(other.privateKey(), first.chain()))
			.withMessageContaining("'privateKey' must belong");
		assertThat(keyMaterial.servingCertificate()).isEqualTo(first.certificate());
	}

	@Test
	void updateWhenChainEmptyIsRefused() {
		TestCertificate first = this.pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(first.privateKey(), first.chain(), List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> keyMaterial.update(first.privateKey(), List.of()));
	}

	@Test
	void updateTrustAnchorsWhenReplacedTrustsOnlyTheNewAuthorities() {
		TestCertificate first = this.pki.issueServer("localhost");
		TestPki otherPki = TestPki.create();
		HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(first.privateKey(), first.chain(),
				List.of(this.pki.caCertificate()));
		keyMaterial.updateTrustAnchors(List.of(otherPki.caCertificate()));
		assertThat(keyMaterial.trustAnchors()).containsExactly(otherPki.caCertificate());
		assertThat(keyMaterial.trustManager().getAcceptedIssuers()).containsExactly(otherPki.caCertificate());
	}

	@Test
	void fromWhenPemBundleReadsKeyChainAndTrustStore() throws IOException {
		TestCertificate certificate = this.pki.issueServer("localhost");
		SslBundle bundle = pemBundle(certificate, true);
		HipaaGrpcTlsKeyMaterial keyMaterial = HipaaGrpcTlsKeyMaterial.from(bundle);
		assertThat(keyMaterial.servingCertificate()).isEqualTo(certificate.certificate());
		assertThat(keyMaterial.trustAnchors()).containsExactly(this.pki.caCertificate());
	}

	@Test
	void updateWhenBundleReloadedServesItsCertificate() throws IOException {
		HipaaGrpcTlsKeyMaterial keyMaterial = HipaaGrpcTlsKeyMaterial
			.from(pemBundle(this.pki.issueServer("localhost"), false));
		TestCertificate renewed = this.pki.issueServer("localhost");
		keyMaterial.update(pemBundle(renewed, false));
		assertThat(keyMaterial.servingCertificate()).isEqualTo(renewed.certificate());
		assertThat(keyMaterial.trustAnchors()).isEmpty();
	}

	private SslBundle pemBundle(TestCertificate certificate, boolean withTrustStore) throws IOException {
		Path directory = this.directory.resolve(certificate.certificate().getSerialNumber().toString(16));
		Files.createDirectories(directory);
		certificate.writePem(directory, "server");
		PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate("file:" + directory.resolve("server.crt"))
			.withPrivateKey("file:" + directory.resolve("server.key"));
		PemSslStoreDetails trustStore = withTrustStore
				? PemSslStoreDetails.forCertificate("file:" + this.pki.writeCaPem(directory)) : null;
		return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore));
	}

	private static String serverAlias(HipaaGrpcTlsKeyMaterial keyMaterial) {
		X509Certificate certificate = keyMaterial.servingCertificate();
		String alias = keyMaterial.keyManager()
			.chooseEngineServerAlias(certificate.getPublicKey().getAlgorithm(), null, null);
		assertThat(alias).isNotNull();
		return alias;
	}

}
