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

package io.github.hipaagrpc.autoconfigure.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.github.hipaagrpc.test.vault.PkiRole;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificate;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateSource;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateSource;
import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.certificate.CertificateContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link IssuedCertificateConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IssuedCertificateConfigurationTests {

	private static final String KEEPALIVE_WARNING = "Connections to the gRPC server may outlive its certificate";

	@TempDir
	@SuppressWarnings("NullAway.Init")
	static Path directory;

	private static final TestPki pki = TestPki.create();

	private static final LocalVaultServer vault = LocalVaultServer.builder()
		.pkiRole(PkiRole.named("grpc-server").allowedDomains("svc.test").allowSubdomains(true))
		.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				HipaaGrpcTlsAutoConfiguration.class))
		.withBean(BindableService.class, () -> new HealthStatusManager().getHealthService())
		.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1");

	@BeforeAll
	static void writeServerCertificate() throws IOException {
		pki.issueServer("localhost", "127.0.0.1").writePem(directory, "server");
	}

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void keyMaterialWhenSourceIsBundleServesTheBundleWithoutRotation() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(bundleProperties())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(HipaaGrpcTlsKeyMaterial.class)
					.doesNotHaveBean(HipaaGrpcTlsCertificateSource.class)
					.doesNotHaveBean(HipaaGrpcTlsCertificateRotation.class)
					.doesNotHaveBean(CertificateRotationScheduler.class);
				assertThat(context.getBean(HipaaGrpcTlsKeyMaterial.class).servingCertificate().getIssuerX500Principal())
					.isEqualTo(pki.caCertificate().getSubjectX500Principal());
			});
	}

	@Test
	void keyMaterialWhenSourceIsVaultServesVaultCertificateAndStartsRotation() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(HipaaGrpcTlsVaultCertificateSource.class)
					.hasSingleBean(HipaaGrpcTlsCertificateRotation.class)
					.hasSingleBean(CertificateRotationScheduler.class)
					.doesNotHaveBean(TaskScheduler.class);
				HipaaGrpcTlsKeyMaterial keyMaterial = context.getBean(HipaaGrpcTlsKeyMaterial.class);
				assertThat(keyMaterial.servingCertificate().getSubjectX500Principal().getName())
					.isEqualTo("CN=records.svc.test");
				assertThat(keyMaterial.trustAnchors()).containsExactly(vault.pki().caCertificate());
				HipaaGrpcTlsCertificateRotation rotation = context.getBean(HipaaGrpcTlsCertificateRotation.class);
				assertThat(rotation.isRunning()).isTrue();
				assertThat(rotation.status().isFailing()).isFalse();
			});
	}

	@Test
	void keyMaterialWhenSourceIsVaultNeedsNoSslBundleButRefusesUnverifiedClients() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("spring.grpc.server.ssl.secure=false")
			.run(failsNaming("spring.grpc.server.ssl.secure"));
	}

	@Test
	void keyMaterialWhenSourceIsVaultAndTlsDisabledFailsNamingTheProperty() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("spring.grpc.server.ssl.enabled=false")
			.run(failsNaming("spring.grpc.server.ssl.enabled"));
	}

	@Test
	void sourceWhenVaultWithoutVaultTemplateFailsNamingTheSourceProperty() {
		this.contextRunner.withPropertyValues(vaultProperties())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.certificate.source")
				.hasMessageContaining("spring-cloud-starter-vault-config")
				.hasMessageContaining("VaultTemplate bean"));
	}

	@Test
	void sourceWhenRoleMissingFailsNamingTheProperty() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues("hipaa.grpc.tls.certificate.source=vault",
					"hipaa.grpc.tls.vault.common-name=records.svc.test")
			.run(failsNaming("hipaa.grpc.tls.vault.role"));
	}

	@Test
	void sourceWhenCommonNameMissingFailsNamingTheProperty() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues("hipaa.grpc.tls.certificate.source=vault", "hipaa.grpc.tls.vault.role=grpc-server")
			.run(failsNaming("hipaa.grpc.tls.vault.common-name"));
	}

	@Test
	void rotationWhenRenewAtIsNotAFractionFailsNamingTheProperty() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("hipaa.grpc.tls.certificate.renew-at=1.5")
			.run(failsNaming("hipaa.grpc.tls.certificate.renew-at"));
	}

	@Test
	void rotationWhenMaxRetryDelayIsBelowInitialFailsNamingTheProperty() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("hipaa.grpc.tls.certificate.retry.initial-delay=10s",
					"hipaa.grpc.tls.certificate.retry.max-delay=5s")
			.run(failsNaming("hipaa.grpc.tls.certificate.retry.max-delay"));
	}

	@Test
	void keyMaterialWhenVaultCannotIssueFailsWithTheReason() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("hipaa.grpc.tls.vault.role=missing")
			.run((context) -> {
				FailureAnalysis analysis = analyze(new HipaaGrpcTlsVaultFailureAnalyzer(), context);
				assertThat(analysis.getCause()).isInstanceOf(HipaaGrpcTlsVaultCertificateException.class)
					.extracting("reason")
					.isEqualTo(HipaaGrpcTlsVaultCertificateException.Reason.UNKNOWN_ROLE);
				assertThat(analysis.getDescription()).contains("role 'missing'").contains("unknown role");
				assertThat(analysis.getAction()).contains("hipaa.grpc.tls.vault.role");
			});
	}

	@Test
	void sourceWhenUserDefinesOneUserSourceWins() {
		HipaaGrpcTlsCertificateSource userSource = () -> {
			TestCertificate certificate = pki.issueServer("localhost");
			return new HipaaGrpcTlsCertificate(certificate.privateKey(), certificate.chain(), List.of());
		};
		this.contextRunner.withBean(HipaaGrpcTlsCertificateSource.class, () -> userSource)
			.withPropertyValues("hipaa.grpc.tls.certificate.source=vault")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(HipaaGrpcTlsVaultCertificateSource.class)
					.hasSingleBean(HipaaGrpcTlsCertificateRotation.class);
				assertThat(context.getBean(HipaaGrpcTlsCertificateSource.class)).isSameAs(userSource);
				assertThat(context.getBean(HipaaGrpcTlsKeyMaterial.class).servingCertificate().getIssuerX500Principal())
					.isEqualTo(pki.caCertificate().getSubjectX500Principal());
			});
	}

	@Test
	void sourceWhenCustomServesTheApplicationsSourceWithoutSpringVault() {
		HipaaGrpcTlsCertificateSource userSource = () -> {
			TestCertificate certificate = pki.issueServer("localhost");
			return new HipaaGrpcTlsCertificate(certificate.privateKey(), certificate.chain(), List.of());
		};
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.vault"))
			.withBean(HipaaGrpcTlsCertificateSource.class, () -> userSource)
			.withPropertyValues("hipaa.grpc.tls.certificate.source=custom")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(HipaaGrpcTlsCertificateRotation.class);
				HipaaGrpcTlsKeyMaterial keyMaterial = context.getBean(HipaaGrpcTlsKeyMaterial.class);
				BigInteger first = keyMaterial.servingCertificate().getSerialNumber();
				assertThat(context.getBean(HipaaGrpcTlsCertificateRotation.class).rotateNow()).isTrue();
				assertThat(keyMaterial.servingCertificate().getSerialNumber()).isNotEqualTo(first);
			});
	}

	@Test
	void sourceWhenCustomWithoutASourceBeanFailsNamingTheSourceProperty() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues("hipaa.grpc.tls.certificate.source=custom")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.certificate.source")
				.hasMessageContaining("HipaaGrpcTlsCertificateSource"));
	}

	@Test
	void keyMaterialWhenUserDefinesOneUserBeanWinsAndIsRotated() {
		TestCertificate certificate = pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial userKeyMaterial = new HipaaGrpcTlsKeyMaterial(certificate.privateKey(),
				certificate.chain(), List.of());
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withBean(HipaaGrpcTlsKeyMaterial.class, () -> userKeyMaterial)
			.withPropertyValues(vaultProperties())
			.run((context) -> {
				assertThat(context).hasNotFailed().getBean(HipaaGrpcTlsKeyMaterial.class).isSameAs(userKeyMaterial);
				assertThat(context.getBean(HipaaGrpcTlsCertificateRotation.class).rotateNow()).isTrue();
				assertThat(userKeyMaterial.servingCertificate().getSubjectX500Principal().getName())
					.isEqualTo("CN=records.svc.test");
			});
	}

	@Test
	void vaultWiringWhenSpringVaultMissingBacksOffForBundle() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.vault"))
			.withPropertyValues(bundleProperties())
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HipaaGrpcTlsKeyMaterial.class)
				.doesNotHaveBean(HipaaGrpcTlsCertificateSource.class)
				.doesNotHaveBean(HipaaGrpcTlsCertificateRotation.class));
	}

	@Test
	void sourceWhenVaultRequestedButSpringVaultMissingFailsNamingTheSourceProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.vault"))
			.withPropertyValues(vaultProperties())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.certificate.source")
				.hasMessageContaining("Spring Vault is not on the classpath"));
	}

	@Test
	void sourceWhenSpringVaultOlderThan41FailsNamingTheVersion() {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withClassLoader(new FilteredClassLoader(CertificateContainer.class))
			.withPropertyValues(vaultProperties())
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(SpringVaultVersionException.class)
					.hasMessageContaining("need Spring Vault 4.1 or later");
				FailureAnalysis analysis = analyze(new SpringVaultVersionFailureAnalyzer(), context);
				assertThat(analysis.getAction()).contains("spring-cloud-dependencies")
					.contains("org.springframework.vault:spring-vault-core");
			});
	}

	@Test
	void keyMaterialWhenConnectionsMayOutliveTheCertificateWarns(CapturedOutput output) {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("spring.grpc.server.keepalive.connection.max-age=10h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains(KEEPALIVE_WARNING)
					.contains("spring.grpc.server.keepalive.connection.max-age");
			});
	}

	@Test
	void keyMaterialWhenConnectionsAreRecycledInTimeDoesNotWarn(CapturedOutput output) {
		this.contextRunner.withBean(VaultTemplate.class, IssuedCertificateConfigurationTests::vaultTemplate)
			.withPropertyValues(vaultProperties())
			.withPropertyValues("spring.grpc.server.keepalive.connection.max-age=1h",
					"spring.grpc.server.keepalive.connection.grace-period=30s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain(KEEPALIVE_WARNING);
			});
	}

	@Test
	void rotationWhenRenewedCertificateLeavesLessThanMaxAgeWarnsNamingItsSerial() {
		Instant now = Instant.now();
		Deque<TestCertificate> certificates = new ArrayDeque<>(List.of(pki.issueServer(Duration.ofDays(1), "localhost"),
				pki.issueServer(now.minus(Duration.ofDays(2)), now.plus(Duration.ofHours(2)), "localhost")));
		HipaaGrpcTlsCertificateSource source = () -> {
			TestCertificate certificate = certificates.remove();
			return new HipaaGrpcTlsCertificate(certificate.privateKey(), certificate.chain(), List.of());
		};
		try (CapturedLogs logs = CapturedLogs.of(ConnectionAgeCheck.class.getName(), Level.WARN)) {
			this.contextRunner.withBean(HipaaGrpcTlsCertificateSource.class, () -> source)
				.withPropertyValues("hipaa.grpc.tls.certificate.source=custom",
						"spring.grpc.server.keepalive.connection.max-age=1h",
						"spring.grpc.server.keepalive.connection.grace-period=1m")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(logs.events()).isEmpty();
					assertThat(context.getBean(HipaaGrpcTlsCertificateRotation.class).rotateNow()).isTrue();
					String serial = context.getBean(HipaaGrpcTlsKeyMaterial.class)
						.servingCertificate()
						.getSerialNumber()
						.toString(16);
					assertThat(logs.events()).singleElement()
						.extracting(ILoggingEvent::getFormattedMessage)
						.asString()
						.startsWith(KEEPALIVE_WARNING)
						.contains("spring.grpc.server.keepalive.connection.max-age")
						.contains("serial '" + serial + "'");
				});
		}
	}

	@Test
	void startupWhenVaultIsUnreachableReportsTheAnalyzersDescriptionAndAction(CapturedOutput output)
			throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		SpringApplication application = new SpringApplication(UnreachableVaultConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] arguments = Stream.concat(
				Stream.of("--vault.test.port=" + closedPort, "--spring.grpc.server.port=0",
						"--spring.grpc.server.address=127.0.0.1"),
				Stream.of(vaultProperties()).map((property) -> "--" + property))
			.toArray(String[]::new);
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> application.run(arguments));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Vault PKI at 'pki'")
			.contains("role 'grpc-server'")
			.contains("Check that Vault is running and that 'spring.cloud.vault.uri'");
	}

	@Test
	void rotationWhenRenewalFailsWarnsWithTheAttemptAndTheServingSerial() {
		TestCertificate first = pki.issueServer(Duration.ofDays(1), "localhost");
		Deque<TestCertificate> certificates = new ArrayDeque<>(List.of(first));
		HipaaGrpcTlsCertificateSource source = () -> {
			if (certificates.isEmpty()) {
				throw new IllegalStateException("Issuer unavailable");
			}
			TestCertificate certificate = certificates.remove();
			return new HipaaGrpcTlsCertificate(certificate.privateKey(), certificate.chain(), List.of());
		};
		try (CapturedLogs logs = CapturedLogs.of(HipaaGrpcTlsCertificateRotation.class.getName(), Level.WARN)) {
			this.contextRunner.withBean(HipaaGrpcTlsCertificateSource.class, () -> source)
				.withPropertyValues("hipaa.grpc.tls.certificate.source=custom")
				.run((context) -> {
					assertThat(context.getBean(HipaaGrpcTlsCertificateRotation.class).rotateNow()).isFalse();
					assertThat(logs.events()).singleElement().satisfies((event) -> {
						assertThat(event.getLevel()).isEqualTo(Level.WARN);
						assertThat(event.getFormattedMessage())
							.startsWith("Renewing the gRPC server certificate failed (attempt 1), serving serial '"
									+ first.certificate().getSerialNumber().toString(16) + "' until '"
									+ first.certificate().getNotAfter().toInstant() + "' and retrying at '")
							.endsWith("': Issuer unavailable");
					});
				});
		}
	}

	private static FailureAnalysis analyze(FailureAnalyzer analyzer, AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		FailureAnalysis analysis = (failure != null) ? analyzer.analyze(failure) : null;
		if (analysis == null) {
			throw new AssertionError("Startup failure not analyzed: " + failure);
		}
		return analysis;
	}

	private static VaultTemplate vaultTemplate() {
		return new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication(vault.rootToken()));
	}

	private static ContextConsumer<AssertableApplicationContext> failsNaming(String property) {
		return (context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining(property);
	}

	private static String[] vaultProperties() {
		return new String[] { "hipaa.grpc.tls.certificate.source=vault", "hipaa.grpc.tls.vault.role=grpc-server",
				"hipaa.grpc.tls.vault.common-name=records.svc.test", "hipaa.grpc.tls.vault.ip-sans=127.0.0.1",
				"hipaa.grpc.tls.vault.ttl=" + Duration.ofHours(24).toSeconds() };
	}

	private static String[] bundleProperties() {
		return new String[] { "spring.grpc.server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=file:" + directory.resolve("server.crt"),
				"spring.ssl.bundle.pem.server.keystore.private-key=file:" + directory.resolve("server.key") };
	}

	/**
	 * Application whose Vault connection points at a loopback port where nothing listens.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
			HipaaGrpcTlsAutoConfiguration.class })
	static class UnreachableVaultConfiguration {

		@Bean
		BindableService healthService() {
			return new HealthStatusManager().getHealthService();
		}

		@Bean
		VaultTemplate vaultTemplate(@Value("${vault.test.port}") int port) {
			VaultEndpoint endpoint = VaultEndpoint.create("127.0.0.1", port);
			endpoint.setScheme("http");
			return new VaultTemplate(endpoint, new TokenAuthentication("unused-token"));
		}

	}

}
