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

package io.github.hipaagrpc.sample;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

import io.github.hipaagrpc.sample.dev.DevPki;
import io.github.hipaagrpc.sample.scenario.ScenarioReport;
import io.github.hipaagrpc.sample.scenario.ScenarioRunner;
import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.sample.vault.VaultDoubleEnvironmentPostProcessor;
import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateSource;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests for the sample with the {@code dev} and {@code vault-double} profiles:
 * the Vault double starts inside the application, Spring Cloud Vault connects to it, and
 * the gRPC listener serves a certificate from its PKI role to the scenario, which trusts
 * the CA it reads from the double.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.scenario.enabled=true", "sample.vault-double.port=0", "spring.grpc.server.port=0",
				"hipaa.grpc.tls.probe.port=0" })
@ActiveProfiles({ "dev", "vault-double" })
@ExtendWith(OutputCaptureExtension.class)
class VaultDoubleEndToEndTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	@Autowired
	private ApplicationContext context;

	@Autowired
	private LocalVaultServer vault;

	@Autowired
	private ScenarioRunner runner;

	@Autowired
	private HipaaGrpcTlsCertificateSource certificateSource;

	@Autowired
	private Environment environment;

	@Autowired
	private JdbcTemplate jdbc;

	@Value("${local.grpc.server.port}")
	private int grpcPort;

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> HTTP_PORT);
	}

	@Test
	void scenarioWhenCertificateFromVaultDoubleMatchesEveryExpectation() {
		ScenarioReport report = this.runner.report();
		assertThat(report.results()).hasSize(39)
			.allSatisfy((result) -> assertThat(result.actual()).as(result.toString()).isEqualTo(result.expected()));
		assertThat(report.allMatched()).isTrue();
	}

	@Test
	void chartNotesWhenStoredAreEncryptedUnderTheTransitKeyOfTheVaultDouble() {
		this.runner.report();
		assertThat(this.vault.requestCount("transit/datakey/plaintext/clinical-ephi")).isPositive();
		assertThat(this.jdbc.queryForList("select text from chart_note", String.class)).isNotEmpty()
			.allSatisfy((stored) -> assertThat(Base64.getDecoder().decode(stored)[0]).isEqualTo((byte) 1));
	}

	@Test
	void serverCertificateWhenVaultDoubleIsIssuedByItsPkiRole() throws Exception {
		X509Certificate ca = this.vault.pki().caCertificate();
		X509Certificate served = served().readChartOnNewConnection();
		assertThat(served.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
		served.verify(ca.getPublicKey());
		assertThat(this.vault.pki().issuedCertificates()).contains(served);
		assertThat(served.getSubjectAlternativeNames()).extracting((name) -> String.valueOf(name.get(1)))
			.containsExactlyInAnyOrder("localhost", "127.0.0.1");
		Duration lifetime = Duration.between(served.getNotBefore().toInstant(), served.getNotAfter().toInstant());
		assertThat(lifetime).isEqualTo(Duration.ofMinutes(2).plusSeconds(30));
	}

	@Test
	void caCertificateWhenReadFromVaultDoubleIsItsPkiCa() {
		String uri = this.environment.getRequiredProperty("spring.cloud.vault.uri") + "/v1/pki/ca/pem";
		assertThat(uri).startsWith(this.vault.uri().toString());
		assertThat(ServedCertificates.readCertificates(uri)).containsExactly(this.vault.pki().caCertificate());
		assertThat(this.environment.getProperty("sample.scenario.trusted-ca")).isEqualTo(uri);
	}

	@Test
	void certificateSourceWhenVaultDoubleIsVaultPkiAndDevelopmentCaIsAbsent() {
		assertThat(this.certificateSource).isInstanceOf(HipaaGrpcTlsVaultCertificateSource.class);
		assertThat(this.context.getBeanNamesForType(DevPki.class)).isEmpty();
		assertThat(this.context.getBean(VaultDoubleEnvironmentPostProcessor.BEAN_NAME)).isSameAs(this.vault);
	}

	@Test
	void startupWhenVaultDoubleWarnsWithoutLoggingItsToken(CapturedOutput output) {
		String token = this.environment.getRequiredProperty("spring.cloud.vault.token");
		assertThat(token).startsWith("hvs.");
		assertThat(this.vault.requestCount("pki/issue/clinical-records")).isPositive();
		assertThat(output).contains("VAULT DOUBLE: NOT A VAULT SERVER, NOT FOR PRODUCTION")
			.contains("DEV PROFILE: NOT FOR PRODUCTION")
			.contains("from Vault PKI at 'pki' role 'clinical-records'")
			.doesNotContain(token)
			.doesNotContain("Connections to the gRPC server may outlive its certificate");
	}

	private ServedCertificates served() {
		TokenClient tokens = new TokenClient(URI.create("http://localhost:" + HTTP_PORT + "/oauth2/token"),
				"dev-secret");
		return new ServedCertificates(this.grpcPort, tokens, this.vault.pki().caCertificate());
	}

}
