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

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.github.hipaagrpc.test.vault.PkiRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests for the sample with the {@code dev} and {@code vault} profiles against
 * a Vault outside the application with a Kubernetes login, configured the way it would be
 * in a pod: the address, the role and the service account token file as properties. The
 * outside Vault is the test kit's double.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.scenario.enabled=false", "spring.grpc.server.port=0", "hipaa.grpc.tls.probe.port=0" })
@ActiveProfiles({ "dev", "vault" })
class VaultProfileKubernetesEndToEndTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final String SERVICE_ACCOUNT_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cmVjb3JkczpjbGluaWNhbC1yZWNvcmRzIn0.c2lnbmF0dXJl";

	private static final LocalVaultServer vault = LocalVaultServer.builder()
		.kubernetesRole("clinical-records", SERVICE_ACCOUNT_TOKEN, "records", "clinical-records")
		.pkiRole(PkiRole.named("clinical-records")
			.allowedDomains("localhost")
			.allowBareDomains(true)
			.allowIpSans(true)
			.maxTtl(Duration.ofDays(3)))
		.start();

	@Value("${local.grpc.server.port}")
	private int grpcPort;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path tokenFile = Files.createTempFile("service-account", ".jwt");
		Files.writeString(tokenFile, SERVICE_ACCOUNT_TOKEN);
		tokenFile.toFile().deleteOnExit();
		registry.add("server.port", () -> HTTP_PORT);
		registry.add("spring.cloud.vault.uri", () -> vault.uri().toString());
		registry.add("spring.cloud.vault.authentication", () -> "KUBERNETES");
		registry.add("spring.cloud.vault.kubernetes.role", () -> "clinical-records");
		registry.add("spring.cloud.vault.kubernetes.service-account-token-file", tokenFile::toString);
	}

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void serverCertificateWhenVaultConfiguredByPropertiesIsIssuedAfterKubernetesLogin() throws Exception {
		X509Certificate[] trusted = ServedCertificates.readCertificates(vault.uri() + "/v1/pki/ca/pem");
		TokenClient tokens = new TokenClient(URI.create("http://localhost:" + HTTP_PORT + "/oauth2/token"),
				"dev-secret");
		X509Certificate served = new ServedCertificates(this.grpcPort, tokens, trusted).readChartOnNewConnection();
		served.verify(vault.pki().caCertificate().getPublicKey());
		assertThat(vault.pki().issuedCertificates()).contains(served);
		assertThat(vault.requestCount("auth/kubernetes/login")).isPositive();
		Duration lifetime = Duration.between(served.getNotBefore().toInstant(), served.getNotAfter().toInstant());
		assertThat(lifetime).isEqualTo(Duration.ofHours(24).plusSeconds(30));
	}

}
