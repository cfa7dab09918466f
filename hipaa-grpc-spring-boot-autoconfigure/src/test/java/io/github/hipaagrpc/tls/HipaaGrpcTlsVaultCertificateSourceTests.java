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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.github.hipaagrpc.test.vault.PkiRole;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException.Reason;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultCertificateRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcTlsVaultCertificateSource} against the Vault test double.
 */
class HipaaGrpcTlsVaultCertificateSourceTests {

	private static final String SPIFFE_ID = "spiffe://clinic.test/ns/records/sa/records";

	private final LocalVaultServer vault = LocalVaultServer.builder()
		.appRole("records", "records-role-id", "records-secret-id")
		.pkiRole(PkiRole.named("ec-server")
			.allowedDomains("clinic.test")
			.allowSubdomains(true)
			.allowedUriSans("spiffe://clinic.test/*")
			.maxTtl(Duration.ofHours(2)))
		.pkiRole(PkiRole.named("rsa-server").allowedDomains("clinic.test").allowSubdomains(true).keyType("rsa"))
		.start();

	private final VaultTemplate rootTemplate = new VaultTemplate(VaultEndpoint.from(this.vault.uri()),
			new TokenAuthentication(this.vault.rootToken()));

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	@AfterEach
	void stop() {
		this.scheduler.shutdown();
		this.vault.close();
	}

	@Test
	void obtainWhenEcRoleReturnsMatchingKeyNamesLifetimeChainAndTrustAnchors() throws Exception {
		HipaaGrpcTlsCertificate certificate = source("ec-server", fullRequest()).obtain();
		X509Certificate leaf = certificate.certificate();
		assertThat(certificate.privateKey().getAlgorithm()).isEqualTo("EC");
		assertKeyMatches(certificate.privateKey(), leaf, "SHA256withECDSA");
		assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=records.clinic.test");
		assertThat(subjectAlternativeNames(leaf)).containsExactlyInAnyOrder("records.clinic.test",
				"records-internal.clinic.test", "127.0.0.1", SPIFFE_ID);
		assertThat(certificate.notAfter()).isBetween(Instant.now().plus(Duration.ofMinutes(29)),
				Instant.now().plus(Duration.ofMinutes(31)));
		X509Certificate ca = this.vault.pki().caCertificate();
		assertThat(certificate.certificateChain()).containsExactly(leaf, ca);
		assertThat(certificate.trustAnchors()).containsExactly(ca);
		leaf.verify(ca.getPublicKey());
	}

	@Test
	void obtainWhenRsaRoleReturnsMatchingRsaKey() throws Exception {
		HipaaGrpcTlsCertificate certificate = source("rsa-server", request("billing.clinic.test")).obtain();
		assertThat(certificate.privateKey().getAlgorithm()).isEqualTo("RSA");
		assertKeyMatches(certificate.privateKey(), certificate.certificate(), "SHA256withRSA");
		assertThat(certificate.trustAnchors()).containsExactly(this.vault.pki().caCertificate());
	}

	@Test
	void obtainWhenCalledTwiceIssuesTwoCertificates() {
		HipaaGrpcTlsVaultCertificateSource source = source("ec-server", request("records.clinic.test"));
		String first = source.obtain().serialNumber();
		String second = source.obtain().serialNumber();
		assertThat(first).isNotEqualTo(second);
		assertThat(this.vault.pki().issuedCertificates()).hasSize(2);
	}

	@Test
	void obtainWhenCaRotatedTrustsTheNewCa() {
		HipaaGrpcTlsVaultCertificateSource source = source("ec-server", request("records.clinic.test"));
		X509Certificate rotated = this.vault.pki().rotateCa();
		HipaaGrpcTlsCertificate certificate = source.obtain();
		assertThat(certificate.certificate().getIssuerX500Principal()).isEqualTo(rotated.getSubjectX500Principal());
		assertThat(certificate.trustAnchors()).contains(rotated);
	}

	@Test
	void obtainWhenTtlAboveMaxTtlIsCappedByTheRole() {
		VaultCertificateRequest request = VaultCertificateRequest.builder()
			.commonName("records.clinic.test")
			.ttl(Duration.ofDays(3))
			.build();
		assertThat(source("ec-server", request).obtain().notAfter())
			.isBefore(Instant.now().plus(Duration.ofHours(2)).plusSeconds(60));
	}

	@Test
	void obtainWhenRoleUnknownFailsAsUnknownRole() {
		assertFailsWith(source("missing", request("records.clinic.test")), Reason.UNKNOWN_ROLE)
			.withMessageContaining("role 'missing'")
			.withMessageContaining("unknown role");
	}

	@Test
	void obtainWhenNameNotAllowedFailsAsRefused() {
		assertFailsWith(source("ec-server", request("records.example.org")), Reason.REFUSED);
	}

	@Test
	void obtainWhenPkiPathNotMountedFailsAsPkiPathNotFound() {
		HipaaGrpcTlsVaultCertificateSource source = new HipaaGrpcTlsVaultCertificateSource(this.rootTemplate,
				"pki-other", "ec-server", request("records.clinic.test"));
		assertFailsWith(source, Reason.PKI_PATH_NOT_FOUND).withMessageContaining("Vault PKI at 'pki-other'");
	}

	@Test
	void obtainWhenVaultSealedFailsAsSealed() {
		this.vault.seal();
		assertFailsWith(source("ec-server", request("records.clinic.test")), Reason.SEALED);
	}

	@Test
	void obtainWhenVaultUnreachableFailsAsUnreachable() {
		HipaaGrpcTlsVaultCertificateSource source = source("ec-server", request("records.clinic.test"));
		this.vault.close();
		assertFailsWith(source, Reason.UNREACHABLE);
	}

	@Test
	void obtainWhenTokenExpiredAndNoSessionManagerFailsAsPermissionDenied() {
		String token = this.vault.createToken(Duration.ofHours(1));
		VaultTemplate template = new VaultTemplate(VaultEndpoint.from(this.vault.uri()),
				new TokenAuthentication(token));
		this.vault.expireToken(token);
		HipaaGrpcTlsVaultCertificateSource source = new HipaaGrpcTlsVaultCertificateSource(template, "pki", "ec-server",
				request("records.clinic.test"));
		assertFailsWith(source, Reason.PERMISSION_DENIED);
	}

	@Test
	void obtainWhenSessionTokenExpiredLogsInAgainAndIssues() {
		LifecycleAwareSessionManager sessionManager = appRoleSessionManager("records-secret-id");
		VaultTemplate template = new VaultTemplate(client(), sessionManager);
		HipaaGrpcTlsVaultCertificateSource source = new HipaaGrpcTlsVaultCertificateSource(template, "pki", "ec-server",
				request("records.clinic.test"), sessionManager);
		source.obtain();
		this.vault.expireToken(sessionManager.getSessionToken().getToken());
		assertThat(source.obtain().certificate()).isNotNull();
		assertThat(this.vault.requestCount("auth/approle/login")).isEqualTo(2);
		assertThat(this.vault.pki().issuedCertificates()).hasSize(2);
	}

	@Test
	void obtainWhenLoginFailsFailsAsLoginFailed() {
		LifecycleAwareSessionManager sessionManager = appRoleSessionManager("wrong-secret-id");
		VaultTemplate template = new VaultTemplate(client(), sessionManager);
		HipaaGrpcTlsVaultCertificateSource source = new HipaaGrpcTlsVaultCertificateSource(template, "pki", "ec-server",
				request("records.clinic.test"), sessionManager);
		assertFailsWith(source, Reason.LOGIN_FAILED);
	}

	@Test
	void createWhenPkcs8KeysRequestedIsRefused() {
		VaultCertificateRequest request = VaultCertificateRequest.builder()
			.commonName("records.clinic.test")
			.privateKeyFormat("pkcs8")
			.build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HipaaGrpcTlsVaultCertificateSource(this.rootTemplate, "pki", "ec-server", request))
			.withMessageContaining("PKCS#8");
	}

	private HipaaGrpcTlsVaultCertificateSource source(String role, VaultCertificateRequest request) {
		return new HipaaGrpcTlsVaultCertificateSource(this.rootTemplate, "pki", role, request);
	}

	private static VaultCertificateRequest request(String commonName) {
		return VaultCertificateRequest.builder().commonName(commonName).build();
	}

	private static VaultCertificateRequest fullRequest() {
		return VaultCertificateRequest.builder()
			.commonName("records.clinic.test")
			.withAltName("records-internal.clinic.test")
			.withIpSubjectAltName("127.0.0.1")
			.withUriSubjectAltName(SPIFFE_ID)
			.ttl(Duration.ofMinutes(30))
			.build();
	}

	private VaultClient client() {
		return VaultClient.create(VaultEndpoint.from(this.vault.uri()));
	}

	private LifecycleAwareSessionManager appRoleSessionManager(String secretId) {
		this.scheduler.setDaemon(true);
		this.scheduler.afterPropertiesSet();
		AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
			.roleId(RoleId.provided("records-role-id"))
			.secretId(SecretId.provided(secretId))
			.build();
		return new LifecycleAwareSessionManager(new AppRoleAuthentication(options, client()), this.scheduler, client());
	}

	private static ThrowableAssertAlternative<HipaaGrpcTlsVaultCertificateException> assertFailsWith(
			HipaaGrpcTlsVaultCertificateSource source, Reason reason) {
		return assertThatExceptionOfType(HipaaGrpcTlsVaultCertificateException.class).isThrownBy(source::obtain)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason));
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

	private static List<String> subjectAlternativeNames(X509Certificate certificate)
			throws CertificateParsingException {
		List<String> names = new ArrayList<>();
		Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
		if (entries != null) {
			entries.forEach((entry) -> names.add(String.valueOf(entry.get(1))));
		}
		return names;
	}

}
