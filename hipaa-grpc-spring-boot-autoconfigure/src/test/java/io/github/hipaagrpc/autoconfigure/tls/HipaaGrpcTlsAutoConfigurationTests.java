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
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateIssuedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRenewalFailedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotatedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsHandshakeMetrics;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProvider;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerContext;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerFactory;
import io.grpc.BindableService;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.test.autoconfigure.TestGrpcTransportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.NettyGrpcServerFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcTlsAutoConfiguration}.
 */
class HipaaGrpcTlsAutoConfigurationTests {

	@TempDir
	@SuppressWarnings("NullAway.Init")
	static Path directory;

	private static final TestPki pki = TestPki.create();

	private static final String OBSERVED_SERVER_TLS = "io.github.hipaagrpc.tls.ObservedServerTls";

	private static final String STORE_PASSWORD = "store-secret";

	private static final String KEY_PASSWORD = "key-secret";

	private static final byte[] IPV4_LOOPBACK = { 127, 0, 0, 1 };

	private static final byte[] IPV6_LOOPBACK = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				HipaaGrpcTlsAutoConfiguration.class))
		.withBean(BindableService.class, () -> new HealthStatusManager().getHealthService())
		.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1");

	@BeforeAll
	static void writeServerCertificate() throws IOException {
		pki.issueServer("localhost", "127.0.0.1").writePem(directory, "server");
		pki.writeCaPem(directory);
		assertThat(Files.exists(directory.resolve("server.crt"))).isTrue();
	}

	@Test
	void serverFactoryWhenSslBundleConfiguredIsTheStartersAndReplacesBoots() {
		this.contextRunner.withPropertyValues(bundleProperties()).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcServerFactory.class)
				.hasSingleBean(HipaaGrpcTlsServerFactory.class)
				.hasSingleBean(GrpcServerLifecycle.class)
				.hasSingleBean(PlaintextServerGuard.class);
			assertThat(context.getBean(HipaaGrpcTlsServerContext.class).policy().protocols())
				.containsExactly("TLSv1.3");
		});
	}

	@Test
	void keyMaterialWhenSslBundleConfiguredServesTheBundlesCertificate() {
		this.contextRunner.withPropertyValues(bundleProperties()).run((context) -> {
			HipaaGrpcTlsKeyMaterial keyMaterial = context.getBean(HipaaGrpcTlsKeyMaterial.class);
			assertThat(keyMaterial.servingCertificate().getIssuerX500Principal())
				.isEqualTo(pki.caCertificate().getSubjectX500Principal());
			assertThat(keyMaterial.trustAnchors()).isEmpty();
		});
	}

	@Test
	void keyMaterialWhenBundleFilesAreRenewedServesTheRenewedCertificate() throws IOException {
		Path renewing = Files.createDirectories(directory.resolve("renewing"));
		pki.issueServer("localhost").writePem(renewing, "server");
		this.contextRunner
			.withPropertyValues("spring.grpc.server.ssl.bundle=renewing",
					"spring.ssl.bundle.watch.file.quiet-period=50ms",
					"spring.ssl.bundle.pem.renewing.reload-on-update=true",
					"spring.ssl.bundle.pem.renewing.keystore.certificate=" + renewing.resolve("server.crt"),
					"spring.ssl.bundle.pem.renewing.keystore.private-key=" + renewing.resolve("server.key"))
			.run((context) -> {
				HipaaGrpcTlsKeyMaterial keyMaterial = context.getBean(HipaaGrpcTlsKeyMaterial.class);
				TestCertificate renewed = pki.issueServer("localhost");
				renewed.writePem(renewing, "server");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(keyMaterial.servingCertificate()).isEqualTo(renewed.certificate()));
			});
	}

	@Test
	void keyMaterialWhenBundleFilesAreReloadedWithUnusableContentKeepsServingTheOldCertificate() throws IOException {
		Path renewing = Files.createDirectories(directory.resolve("unusable"));
		TestCertificate original = pki.issueServer("localhost", "127.0.0.1");
		original.writePem(renewing, "server");
		try (CapturedLogs logs = CapturedLogs.of(ServerKeyMaterial.class.getName(), Level.INFO)) {
			this.contextRunner.withPropertyValues(renewingBundleProperties(renewing)).run((context) -> {
				HipaaGrpcTlsKeyMaterial keyMaterial = context.getBean(HipaaGrpcTlsKeyMaterial.class);
				int port = context.getBean(GrpcServerLifecycle.class).getPort();
				Files.writeString(renewing.resolve("server.crt"),
						"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n");
				awaitUnusableReload(logs, 1);
				assertThat(keyMaterial.servingCertificate()).isEqualTo(original.certificate());
				assertThat(servingCertificate(port)).isEqualTo(original.certificate());
				Files.writeString(renewing.resolve("server.crt"), "");
				Files.writeString(renewing.resolve("server.key"), "");
				awaitUnusableReload(logs, 2);
				assertThat(servingCertificate(port)).isEqualTo(original.certificate());
				TestCertificate renewed = pki.issueServer("localhost", "127.0.0.1");
				renewed.certificateFile(renewing, "server");
				pki.issueServer("localhost").privateKeyFile(renewing, "server");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> unusableReloads(logs)
						.anyMatch((event) -> String.valueOf(event.getThrowableProxy().getMessage())
							.contains("'privateKey' must belong to the first certificate")));
				assertThat(servingCertificate(port)).isEqualTo(original.certificate());
				renewed.privateKeyFile(renewing, "server");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(servingCertificate(port)).isEqualTo(renewed.certificate()));
			});
		}
	}

	@Test
	void keyMaterialWhenPkcs12BundleIsRenewedServesTheAliasedKeyUnlockedByTheKeyPassword() throws Exception {
		Path keyStore = Files.createDirectories(directory.resolve("pkcs12")).resolve("server.p12");
		TestCertificate original = pki.issueServer("localhost", "127.0.0.1");
		writePkcs12(keyStore, original);
		this.contextRunner.withPropertyValues(pkcs12BundleProperties(keyStore, KEY_PASSWORD)).run((context) -> {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(servingCertificate(port)).isEqualTo(original.certificate());
			TestCertificate renewed = pki.issueServer("localhost", "127.0.0.1");
			writePkcs12(keyStore, renewed);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(servingCertificate(port)).isEqualTo(renewed.certificate()));
			assertThat(context.getBean(HipaaGrpcTlsKeyMaterial.class).servingCertificate())
				.isEqualTo(renewed.certificate());
		});
	}

	@Test
	void keyMaterialWhenPkcs12KeyPasswordIsWrongFailsToReadTheKey() throws Exception {
		Path keyStore = Files.createDirectories(directory.resolve("pkcs12-wrong")).resolve("server.p12");
		writePkcs12(keyStore, pki.issueServer("localhost"));
		this.contextRunner.withPropertyValues(pkcs12BundleProperties(keyStore, STORE_PASSWORD))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("SSL bundle key store could not be read")
				.hasStackTraceContaining(UnrecoverableKeyException.class.getName()));
	}

	@Test
	void certificateEventsWhenBundleFilesAreRenewedArePublishedForTheFirstAndTheRenewedCertificate()
			throws IOException {
		Path renewing = Files.createDirectories(directory.resolve("events"));
		TestCertificate original = pki.issueServer("localhost");
		original.writePem(renewing, "server");
		this.contextRunner.withPropertyValues(renewingBundleProperties("events", renewing))
			.withBean(CertificateEvents.class)
			.run((context) -> {
				CertificateEvents events = context.getBean(CertificateEvents.class);
				assertThat(events.of(HipaaGrpcTlsCertificateIssuedEvent.class)).singleElement().satisfies((issued) -> {
					assertThat(issued.getSerialNumber()).isEqualTo(serial(original));
					assertThat(issued.getCertificateSource()).isEqualTo("SSL bundle 'events'");
				});
				TestCertificate renewed = pki.issueServer("localhost");
				renewed.writePem(renewing, "server");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !events.of(HipaaGrpcTlsCertificateRotatedEvent.class).isEmpty());
				assertThat(events.of(HipaaGrpcTlsCertificateRotatedEvent.class)).singleElement()
					.satisfies((rotated) -> {
						assertThat(rotated.getPreviousSerialNumber()).isEqualTo(serial(original));
						assertThat(rotated.getSerialNumber()).isEqualTo(serial(renewed));
						assertThat(rotated.getNotAfter()).isEqualTo(renewed.certificate().getNotAfter().toInstant());
					});
				assertThat(events.of(HipaaGrpcTlsCertificateIssuedEvent.class))
					.extracting(HipaaGrpcTlsCertificateIssuedEvent::getSerialNumber)
					.containsExactly(serial(original), serial(renewed));
			});
	}

	@Test
	void certificateEventsWhenReloadedBundleIsUnusablePublishRenewalFailedWithoutNextAttempt() throws IOException {
		Path renewing = Files.createDirectories(directory.resolve("failing"));
		TestCertificate original = pki.issueServer("localhost");
		original.writePem(renewing, "server");
		this.contextRunner.withPropertyValues(renewingBundleProperties("failing", renewing))
			.withBean(CertificateEvents.class)
			.run((context) -> {
				CertificateEvents events = context.getBean(CertificateEvents.class);
				Files.writeString(renewing.resolve("server.crt"), "");
				await().atMost(Duration.ofSeconds(30))
					.until(() -> !events.of(HipaaGrpcTlsCertificateRenewalFailedEvent.class).isEmpty());
				assertThat(events.of(HipaaGrpcTlsCertificateRenewalFailedEvent.class).get(0)).satisfies((failed) -> {
					assertThat(failed.getAttempts()).isOne();
					assertThat(failed.getNextAttempt()).isNull();
					assertThat(failed.getFailure()).isNotNull();
				});
				assertThat(events.of(HipaaGrpcTlsCertificateRotatedEvent.class)).isEmpty();
				assertThat(events.of(HipaaGrpcTlsCertificateIssuedEvent.class))
					.extracting(HipaaGrpcTlsCertificateIssuedEvent::getSerialNumber)
					.containsExactly(serial(original));
			});
	}

	@Test
	void certificateEventsWhenUserDefinesKeyMaterialAreNotPublished() {
		TestCertificate certificate = pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial userKeyMaterial = new HipaaGrpcTlsKeyMaterial(certificate.privateKey(),
				certificate.chain(), List.of());
		this.contextRunner.withPropertyValues("spring.grpc.server.ssl.bundle=unused")
			.withBean(HipaaGrpcTlsKeyMaterial.class, () -> userKeyMaterial)
			.withBean(CertificateEvents.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ServerKeyMaterial.class);
				assertThat(context.getBean(CertificateEvents.class).of(ApplicationEvent.class)).isEmpty();
			});
	}

	@Test
	void providerWhenBoringSslLoadsIsNamedOnceAtStartup() {
		try (CapturedLogs logs = CapturedLogs.of(TlsSettings.class.getName(), Level.INFO)) {
			this.contextRunner.withPropertyValues(bundleProperties())
				.run((context) -> assertThat(context).hasNotFailed());
			assertThat(logs.events()).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.INFO);
				assertThat(event.getFormattedMessage())
					.isEqualTo("gRPC server TLS uses BoringSSL through netty-tcnative with protocols [TLSv1.3]");
			});
		}
	}

	@Test
	void providerWhenJdkRequestedIsNamedOnceAtStartup() {
		try (CapturedLogs logs = CapturedLogs.of(TlsSettings.class.getName(), Level.INFO)) {
			this.contextRunner.withPropertyValues(bundleProperties())
				.withPropertyValues("hipaa.grpc.tls.provider=jdk", "hipaa.grpc.tls.protocols=TLSv1.3,TLSv1.2")
				.run((context) -> assertThat(context).hasNotFailed());
			assertThat(logs.events()).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.INFO);
				assertThat(event.getFormattedMessage()).startsWith(
						"gRPC server TLS uses the JDK's TLS with protocols [TLSv1.3, TLSv1.2], TLS 1.2 ciphers [");
			});
		}
	}

	@Test
	void providerWhenAutomaticChoiceFallsBackToTheJdkWarns() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.provider=jdk")
			.run((context) -> {
				HipaaGrpcTlsServerContext serverContext = context.getBean(HipaaGrpcTlsServerContext.class);
				try (CapturedLogs logs = CapturedLogs.of(TlsSettings.class.getName(), Level.INFO)) {
					TlsSettings.logProvider(HipaaGrpcTlsProvider.AUTO, serverContext);
					assertThat(logs.events()).singleElement().satisfies((event) -> {
						assertThat(event.getLevel()).isEqualTo(Level.WARN);
						assertThat(event.getFormattedMessage())
							.isEqualTo("gRPC server TLS falls back to the JDK's TLS with protocols [TLSv1.3]: "
									+ "BoringSSL (netty-tcnative) does not load, and handshakes are several times slower");
					});
				}
			});
	}

	@Test
	void handshakeWhenItFailsLogsTheReasonAtDebugAndNothingTheClientSent() {
		try (CapturedLogs logs = CapturedLogs.of("io.github.hipaagrpc.tls", Level.DEBUG)) {
			this.contextRunner.withPropertyValues(bundleProperties()).run((context) -> {
				int port = context.getBean(GrpcServerLifecycle.class).getPort();
				int plaintextPort = sendPlaintext(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\nx-patient: jane-doe-4711\r\n");
				int tls12Port = offerTls12Only(port, "jane-doe-4711.records.test");
				await().atMost(Duration.ofSeconds(30)).until(() -> logs.events(OBSERVED_SERVER_TLS).size() >= 2);
				List<ILoggingEvent> handshakeEvents = logs.events(OBSERVED_SERVER_TLS);
				assertThat(handshakeEvents).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
					.containsExactlyInAnyOrder(tuple(Level.DEBUG, "TLS handshake failed: 'not_tls'"),
							tuple(Level.DEBUG, "TLS handshake failed: 'protocol_version'"));
				assertThat(handshakeEvents).allSatisfy((event) -> {
					assertThat(event.getThrowableProxy()).isNull();
					assertThat(event.getFormattedMessage()).doesNotContain("127.0.0.1")
						.doesNotContain(String.valueOf(plaintextPort))
						.doesNotContain(String.valueOf(tls12Port));
				});
				assertThat(logs.events())
					.allSatisfy((event) -> assertThat(event.getFormattedMessage()).doesNotContain("jane-doe"));
			});
		}
	}

	@Test
	void keyMaterialWhenUserDefinesOneUserBeanWins() {
		TestCertificate certificate = pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial userKeyMaterial = new HipaaGrpcTlsKeyMaterial(certificate.privateKey(),
				certificate.chain(), List.of());
		this.contextRunner.withPropertyValues("spring.grpc.server.ssl.bundle=unused")
			.withBean(HipaaGrpcTlsKeyMaterial.class, () -> userKeyMaterial)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(HipaaGrpcTlsKeyMaterial.class)
				.isSameAs(userKeyMaterial));
	}

	@Test
	void serverFactoryWhenUserDefinesAnInProcessFactoryStillServesTheNetwork() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.inprocess.name=test")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HipaaGrpcTlsServerFactory.class));
	}

	@Test
	void serverFactoryWhenAddressIsIpv6LoopbackListensThereOnly() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.address=::1")
			.run((context) -> {
				int port = context.getBean(GrpcServerLifecycle.class).getPort();
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(InetAddress.getByAddress(IPV6_LOOPBACK), port));
					assertThat(socket.isConnected()).isTrue();
				}
				try (Socket socket = new Socket()) {
					assertThatExceptionOfType(ConnectException.class).isThrownBy(
							() -> socket.connect(new InetSocketAddress(InetAddress.getByAddress(IPV4_LOOPBACK), port)));
				}
			});
	}

	@Test
	void serverFactoryWhenNoSslBundleFailsNamingTheProperty() {
		this.contextRunner.run(failsNaming("spring.grpc.server.ssl.bundle"));
	}

	@Test
	void serverFactoryWhenSslBundleIsUnknownFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.grpc.server.ssl.bundle=missing")
			.run(failsNaming("spring.grpc.server.ssl.bundle"));
	}

	@Test
	void serverFactoryWhenSslDisabledFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.enabled=false")
			.run(failsNaming("spring.grpc.server.ssl.bundle"));
	}

	@Test
	void serverFactoryWhenClientCertificatesNotVerifiedFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.secure=false")
			.run(failsNaming("spring.grpc.server.ssl.secure"));
	}

	@Test
	void serverFactoryWhenClientCertificatesRequiredWithoutTrustStoreFails() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.client-auth=require")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("no certificate authority is trusted"));
	}

	@Test
	void serverFactoryWhenClientCertificatesRequiredWithTrustStoreStarts() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.ssl.client-auth=require",
					"spring.ssl.bundle.pem.server.truststore.certificate=file:" + directory.resolve("ca.pem"))
			.run((context) -> assertThat(context.getBean(HipaaGrpcTlsKeyMaterial.class).trustAnchors())
				.containsExactly(pki.caCertificate()));
	}

	@Test
	void serverFactoryWhenDomainSocketConfiguredFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("spring.grpc.server.port=", "spring.grpc.server.address=",
					"spring.grpc.server.netty.domain-socket-path=/tmp/grpc.sock")
			.run(failsNaming("spring.grpc.server.netty.domain-socket-path"));
	}

	@Test
	void policyWhenTls12AllowedAcceptsIt() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.protocols=TLSv1.3,TLSv1.2")
			.run((context) -> assertThat(context.getBean(HipaaGrpcTlsServerContext.class).policy().allowsTls12())
				.isTrue());
	}

	@Test
	void policyWhenOldProtocolRequestedFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.protocols=TLSv1.3,TLSv1.1")
			.run(failsNaming("hipaa.grpc.tls.protocols"));
	}

	@Test
	void policyWhenTls13LeftOutFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.protocols=TLSv1.2")
			.run(failsNaming("hipaa.grpc.tls.protocols"));
	}

	@Test
	void policyWhenNonAeadCipherRequestedFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.protocols=TLSv1.3,TLSv1.2",
					"hipaa.grpc.tls.ciphers=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")
			.run(failsNaming("hipaa.grpc.tls.ciphers"));
	}

	@Test
	void providerWhenJdkRequestedUsesTheJdk() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.provider=jdk")
			.run((context) -> assertThat(context.getBean(HipaaGrpcTlsServerContext.class).provider())
				.isEqualTo(SslProvider.JDK));
	}

	@Test
	void providerWhenAutoAndBoringSslLoadsUsesBoringSsl() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.run((context) -> assertThat(context.getBean(HipaaGrpcTlsServerContext.class).provider())
				.isEqualTo(SslProvider.OPENSSL));
	}

	@Test
	void limitsWhenStreamLimitIsNotPositiveFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.max-concurrent-streams=0")
			.run(failsNaming("hipaa.grpc.tls.max-concurrent-streams"));
	}

	@Test
	void limitsWhenResetWindowIsUnderASecondFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.stream-resets.window=500ms")
			.run(failsNaming("hipaa.grpc.tls.stream-resets.window"));
	}

	@Test
	void limitsWhenHandshakeTimeoutIsZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withPropertyValues("hipaa.grpc.tls.handshake-timeout=0s")
			.run(failsNaming("hipaa.grpc.tls.handshake-timeout"));
	}

	@Test
	void handshakeMetricsWhenMicrometerPresentIsAMeterBinder() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcTlsHandshakeMetrics.class)
				.getBean(HipaaGrpcTlsHandshakeMetrics.class)
				.isInstanceOf(MeterBinder.class));
	}

	@Test
	void handshakeMetricsWhenMicrometerMissingBacksOff() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcTlsHandshakeMetrics.class));
	}

	@Test
	void serverFactoryWhenGrpcNettyMissingBacksOffAndGuardRefusesNothing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(NettyServerBuilder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcTlsServerFactory.class));
	}

	@Test
	void guardWhenUserDefinesAnotherNetworkFactoryFails() {
		this.contextRunner.withPropertyValues(bundleProperties())
			.withBean(NettyGrpcServerFactory.class,
					() -> new NettyGrpcServerFactory("127.0.0.1:0", List.of(), null, null, null))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("would listen without the starter's TLS policy"));
	}

	@Test
	void inProcessTestTransportWhenNoSslBundleStarts() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TestGrpcTransportAutoConfiguration.class,
					SslAutoConfiguration.class, GrpcServerAutoConfiguration.class, HipaaGrpcTlsAutoConfiguration.class))
			.withBean(BindableService.class, () -> new HealthStatusManager().getHealthService())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcTlsServerFactory.class));
	}

	@Test
	void serverFactoryWhenNoGrpcServiceBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					HipaaGrpcTlsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcTlsServerFactory.class));
	}

	@Test
	void serverFactoryWhenFactoryDisabledBacksOff() {
		this.contextRunner.withPropertyValues("spring.grpc.server.factory.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcTlsServerFactory.class));
	}

	private static void awaitUnusableReload(CapturedLogs logs, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> unusableReloads(logs).count() >= count);
	}

	private static Stream<ILoggingEvent> unusableReloads(CapturedLogs logs) {
		return logs.events()
			.stream()
			.filter((event) -> event.getFormattedMessage().startsWith("Reloaded SSL bundle 'unusable' is unusable"))
			.filter((event) -> event.getLevel() == Level.WARN && event.getThrowableProxy() != null);
	}

	private static X509Certificate servingCertificate(int port) throws IOException {
		String[] protocols = { "TLSv1.3" };
		try (SSLSocket socket = TlsClients.connect(port, pki.caCertificate(), protocols, "h2")) {
			socket.startHandshake();
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
	}

	private static int sendPlaintext(int port, String text) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return socket.getLocalPort();
		}
	}

	private static int offerTls12Only(int port, String serverName) throws IOException {
		String[] protocols = { "TLSv1.2" };
		try (SSLSocket socket = TlsClients.connect(port, pki.caCertificate(), protocols, "h2")) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(serverName)));
			socket.setSSLParameters(parameters);
			assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(socket::startHandshake);
			return socket.getLocalPort();
		}
	}

	private static String[] renewingBundleProperties(Path renewing) {
		return renewingBundleProperties("unusable", renewing);
	}

	private static String[] renewingBundleProperties(String name, Path renewing) {
		String prefix = "spring.ssl.bundle.pem." + name;
		return new String[] { "spring.grpc.server.ssl.bundle=" + name, "spring.ssl.bundle.watch.file.quiet-period=50ms",
				prefix + ".reload-on-update=true", prefix + ".keystore.certificate=" + renewing.resolve("server.crt"),
				prefix + ".keystore.private-key=" + renewing.resolve("server.key") };
	}

	private static String[] pkcs12BundleProperties(Path keyStore, String keyPassword) {
		String prefix = "spring.ssl.bundle.jks.keystore.";
		return new String[] { "spring.grpc.server.ssl.bundle=keystore",
				"spring.ssl.bundle.watch.file.quiet-period=50ms", prefix + "reload-on-update=true",
				prefix + "keystore.location=" + keyStore, prefix + "keystore.type=PKCS12",
				prefix + "keystore.password=" + STORE_PASSWORD, prefix + "key.alias=grpc",
				prefix + "key.password=" + keyPassword };
	}

	/**
	 * Write a PKCS12 key store whose first key entry is a decoy, so that only the key
	 * alias finds the served key, and whose keys have a password of their own.
	 * @param keyStore the file to replace
	 * @param served the certificate and key stored under the alias {@code grpc}
	 */
	private static void writePkcs12(Path keyStore, TestCertificate served) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		TestCertificate decoy = pki.issueServer("localhost", "127.0.0.1");
		store.setKeyEntry("decoy", decoy.privateKey(), KEY_PASSWORD.toCharArray(),
				decoy.chain().toArray(Certificate[]::new));
		store.setKeyEntry("grpc", served.privateKey(), KEY_PASSWORD.toCharArray(),
				served.chain().toArray(Certificate[]::new));
		Path written = Files.createTempFile(keyStore.getParent(), "server", ".tmp");
		try (OutputStream out = Files.newOutputStream(written)) {
			store.store(out, STORE_PASSWORD.toCharArray());
		}
		Files.move(written, keyStore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static String serial(TestCertificate certificate) {
		return certificate.certificate().getSerialNumber().toString(16);
	}

	private static ContextConsumer<AssertableApplicationContext> failsNaming(String property) {
		return (context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining(property);
	}

	private static String[] bundleProperties() {
		return new String[] { "spring.grpc.server.ssl.bundle=server",
				"spring.ssl.bundle.pem.server.keystore.certificate=file:" + directory.resolve("server.crt"),
				"spring.ssl.bundle.pem.server.keystore.private-key=file:" + directory.resolve("server.key") };
	}

	/**
	 * Collects the certificate events that the application publishes.
	 */
	static class CertificateEvents implements ApplicationListener<ApplicationEvent> {

		private final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event.getClass().getPackageName().equals(HipaaGrpcTlsKeyMaterial.class.getPackageName())) {
				this.events.add(event);
			}
		}

		<E extends ApplicationEvent> List<E> of(Class<E> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

	}

}
