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

import java.math.BigInteger;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.github.hipaagrpc.actuate.GrpcServerCertificateHealthIndicator;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.github.hipaagrpc.test.vault.PkiRole;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateIssuedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRenewalFailedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotatedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.CertificateBundle;
import org.springframework.vault.support.VaultCertificateRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IssuedCertificateConfiguration} over real loopback sockets: a gRPC
 * server whose certificates come from the Vault test double, rotated under load, while
 * Vault is sealed or stopped, with short lifetimes and after the Vault login token
 * expired. The nested classes share one Vault double, one that can be stopped and started
 * again, and one JWK Set server, stopped once all of them have run.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcTlsVaultIntegrationTests {

	static final String ROLE_ID = "records-role-id";

	static final String SECRET_ID = "records-secret-id";

	static final Duration WAIT = Duration.ofSeconds(60);

	static final LocalVaultServer vault = LocalVaultServer.builder()
		.appRole("records", ROLE_ID, SECRET_ID)
		.pkiRole(PkiRole.named("grpc-server").allowedDomains("svc.test").allowSubdomains(true))
		.start();

	static final RestartingVault restartingVault = new RestartingVault();

	static final LocalVaultServer rotatingCaVault = LocalVaultServer.builder()
		.pkiRole(PkiRole.named("grpc-server").allowedDomains("svc.test").allowSubdomains(true))
		.start();

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final ThreadPoolTaskScheduler sessionScheduler = new ThreadPoolTaskScheduler();

	static {
		sessionScheduler.setDaemon(true);
		sessionScheduler.initialize();
	}

	@AfterAll
	void stop() {
		sessionScheduler.shutdown();
		support.close();
		vault.close();
		restartingVault.stop();
		rotatingCaVault.close();
	}

	static ManagedChannel channel(int port) {
		return SecuredChannels.tls("localhost", port, vault.pki().caCertificate());
	}

	/**
	 * Read a record with a provider's token and return the serial number of the
	 * certificate the server presented on the call's connection.
	 * @param channel the channel
	 * @return the serial number
	 */
	static BigInteger read(Channel channel) {
		PeerCertificateCapture capture = new PeerCertificateCapture();
		TestRecordsGrpc.newBlockingStub(ClientInterceptors.intercept(channel, capture))
			.withCallCredentials(SecuredChannels.bearer(support.minter().token("alice", "PROVIDER")))
			.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS)
			.read(RecordRequest.newBuilder().setId("FAKE-0001").build());
		return capture.serialNumber();
	}

	static VaultTemplate rootTemplate() {
		return new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication(vault.rootToken()));
	}

	/**
	 * Certificates from Vault on a token-authenticated connection, renewed on demand.
	 */
	@Nested
	class TokenAuthenticationTests extends VaultServerTests {

		@Test
		void callWhenClientTrustsVaultCaSucceedsAgainstVaultCertificate() {
			X509Certificate serving = this.keyMaterial.servingCertificate();
			assertThat(serving.getIssuerX500Principal())
				.isEqualTo(vault.pki().caCertificate().getSubjectX500Principal());
			assertThat(servingSerialOfNewConnection()).isEqualTo(serving.getSerialNumber());
			assertThat(this.events.issued()).first().satisfies((issued) -> {
				assertThat(issued.getIssuer())
					.isEqualTo(vault.pki().caCertificate().getSubjectX500Principal().getName());
				assertThat(issued.getCertificateSource()).startsWith("Vault PKI at 'pki' role");
			});
		}

		@Test
		void handshakeWhenClientTrustsAnotherCaFails() {
			ManagedChannel channel = SecuredChannels.tls("localhost", this.port, support.pki().caCertificate());
			try {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(channel))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			}
			finally {
				channel.shutdownNow();
			}
		}

		@Test
		void rotationUnderLoadWhenRotatedFiveTimesFailsNoCallAndNewHandshakesSeeEachSerial()
				throws InterruptedException {
			Load load = new Load(this.port, 3);
			List<BigInteger> serials = new ArrayList<>();
			int rotatedBefore = this.events.rotated().size();
			try {
				serials.add(this.keyMaterial.servingCertificate().getSerialNumber());
				await().atMost(WAIT).until(() -> load.newConnectionSerials().contains(serials.get(0)));
				for (int rotation = 0; rotation < 5; rotation++) {
					assertThat(this.rotation.rotateNow()).isTrue();
					BigInteger serial = this.keyMaterial.servingCertificate().getSerialNumber();
					serials.add(serial);
					await().atMost(WAIT).until(() -> load.newConnectionSerials().contains(serial));
				}
			}
			finally {
				load.stop();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(serials).doesNotHaveDuplicates().hasSize(6);
			assertThat(load.newConnectionSerials()).containsAll(serials);
			assertThat(load.establishedConnectionSerials()).containsExactly(serials.get(0));
			assertThat(load.calls()).isGreaterThan(12);
			List<HipaaGrpcTlsCertificateRotatedEvent> rotated = this.events.rotated();
			assertThat(rotated.subList(rotatedBefore, rotated.size()))
				.extracting(HipaaGrpcTlsCertificateRotatedEvent::getSerialNumber)
				.containsExactlyElementsOf(
						serials.subList(1, 6).stream().map((serial) -> serial.toString(16)).toList());
		}

		@Test
		void renewalWhenVaultSealedKeepsServingReportsTheFailuresAndRetriesUntilVaultReturns()
				throws InterruptedException {
			BigInteger serving = this.keyMaterial.servingCertificate().getSerialNumber();
			int failedBefore = this.events.renewalFailed().size();
			Load load = new Load(this.port, 2);
			try {
				vault.seal();
				try {
					assertThat(this.rotation.rotateNow()).isFalse();
					assertThat(this.rotation.status().isFailing()).isTrue();
					await().atMost(WAIT).until(() -> this.rotation.status().failedAttempts() >= 3);
					assertThat(servingSerialOfNewConnection()).isEqualTo(serving);
					List<HipaaGrpcTlsCertificateRenewalFailedEvent> failed = this.events.renewalFailed();
					assertThat(failed.size() - failedBefore).isGreaterThanOrEqualTo(3);
					assertThat(failed.get(failed.size() - 1).getFailure()).hasMessageContaining("Vault is sealed");
					assertThat(this.rotation.status().lastFailureType())
						.isEqualTo("io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException");
					Health health = this.certificateHealth.health();
					assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
					assertThat(health.getDetails()).containsEntry("serial", serving.toString(16))
						.containsEntry("lastRenewalFailureType",
								"io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException")
						.hasEntrySatisfying("failedRenewals",
								(count) -> assertThat((int) count).isGreaterThanOrEqualTo(3));
				}
				finally {
					vault.unseal();
				}
				await().atMost(WAIT).until(() -> !this.rotation.status().isFailing());
				BigInteger renewed = this.keyMaterial.servingCertificate().getSerialNumber();
				assertThat(renewed).isNotEqualTo(serving);
				await().atMost(WAIT).until(() -> load.newConnectionSerials().contains(renewed));
				assertThat(this.certificateHealth.health().getDetails()).containsEntry("failedRenewals", 0)
					.doesNotContainKey("lastRenewalFailure");
				assertThat(this.events.rotated()).last()
					.extracting(HipaaGrpcTlsCertificateRotatedEvent::getSerialNumber)
					.isEqualTo(renewed.toString(16));
			}
			finally {
				load.stop();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(load.newConnectionSerials()).contains(serving);
		}

	}

	/**
	 * Certificates that live for 9 seconds, renewed on schedule, with connections
	 * recycled every two seconds, so that the connection kept open moves to each new
	 * certificate in turn.
	 */
	@Nested
	@TestPropertySource(
			properties = { "hipaa.grpc.tls.vault.ttl=9s", "spring.grpc.server.keepalive.connection.max-age=2s",
					"spring.grpc.server.keepalive.connection.grace-period=1s" })
	class ShortLifetimeTests extends VaultServerTests {

		@Test
		void rotationWhenLifetimeIsShortRenewsOnScheduleWithoutFailedCalls() throws InterruptedException {
			BigInteger first = this.keyMaterial.servingCertificate().getSerialNumber();
			Load load = new Load(this.port, 2);
			try {
				await().atMost(WAIT).until(() -> rotatedAway(first).size() >= 3);
				BigInteger serial = this.keyMaterial.servingCertificate().getSerialNumber();
				await().atMost(WAIT).until(() -> load.newConnectionSerials().contains(serial));
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(load.lastEstablishedConnectionSerial())
						.as("last serial on the connection kept open, of %s", load.establishedConnectionSerials())
						.isEqualTo(this.keyMaterial.servingCertificate().getSerialNumber()));
			}
			finally {
				load.stop();
			}
			assertThat(load.failures()).isEmpty();
			assertThat(load.establishedConnectionSerials()).hasSizeGreaterThan(1);
			assertThat(this.rotation.status().isFailing()).isFalse();
			assertThat(this.rotation.status().nextRenewal())
				.isBefore(this.keyMaterial.servingCertificate().getNotAfter().toInstant());
		}

		private List<HipaaGrpcTlsCertificateRotatedEvent> rotatedAway(BigInteger first) {
			List<HipaaGrpcTlsCertificateRotatedEvent> rotated = this.events.rotated();
			for (int i = 0; i < rotated.size(); i++) {
				if (rotated.get(i).getPreviousSerialNumber().equals(first.toString(16))) {
					return rotated.subList(i, rotated.size());
				}
			}
			return List.of();
		}

	}

	/**
	 * Client certificates required, trusted when Vault's CA issued them.
	 */
	@Nested
	@TestPropertySource(properties = "spring.grpc.server.ssl.client-auth=require")
	class ClientCertificateTests extends VaultServerTests {

		@Test
		void callWhenClientCertificateIsFromVaultCaSucceeds() throws Exception {
			CertificateBundle bundle = rootTemplate().opsForPki("pki")
				.issueCertificate("grpc-server", VaultCertificateRequest.create("client.svc.test"))
				.getRequiredData();
			PrivateKey key = KeyFactory.getInstance(bundle.getRequiredPrivateKeyType().toUpperCase(Locale.ROOT))
				.generatePrivate(bundle.getPrivateKeySpec());
			ManagedChannel channel = mutualTls(key, bundle.getX509Certificate());
			try {
				assertThat(read(channel)).isNotNull();
			}
			finally {
				channel.shutdownNow();
			}
		}

		@Test
		void handshakeWhenClientCertificateIsFromAnotherCaFails() throws Exception {
			TestCertificate stranger = support.pki().issueClient("stranger");
			ManagedChannel channel = mutualTls(stranger.privateKey(), stranger.certificate());
			try {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(channel))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			}
			finally {
				channel.shutdownNow();
			}
		}

		private ManagedChannel mutualTls(PrivateKey key, X509Certificate certificate) throws SSLException {
			return NettyChannelBuilder.forAddress("localhost", this.port)
				.sslContext(GrpcSslContexts.forClient()
					.keyManager(key, certificate)
					.trustManager(vault.pki().caCertificate())
					.build())
				.build();
		}

	}

	/**
	 * Client certificates required, with the issuers Vault lists read every 200
	 * milliseconds from a Vault double of its own whose CA the test rotates.
	 */
	@Nested
	@SpringBootTest(classes = RotatingCaServerConfiguration.class, webEnvironment = WebEnvironment.NONE)
	@TestPropertySource(properties = { "spring.grpc.server.ssl.client-auth=require",
			"hipaa.grpc.tls.vault.trust-refresh-interval=200ms" })
	class TrustRefreshTests extends VaultServerTests {

		@Test
		void callWhenVaultCaRotatedAcceptsClientCertificateFromTheNewCaBeforeTheNextRenewal() throws Exception {
			BigInteger serving = this.keyMaterial.servingCertificate().getSerialNumber();
			int rotatedBefore = this.events.rotated().size();
			X509Certificate newCa = rotatingCaVault.pki().rotateCa();
			await().atMost(WAIT).until(() -> this.keyMaterial.trustAnchors().contains(newCa));
			CertificateBundle bundle = new VaultTemplate(VaultEndpoint.from(rotatingCaVault.uri()),
					new TokenAuthentication(rotatingCaVault.rootToken()))
				.opsForPki("pki")
				.issueCertificate("grpc-server", VaultCertificateRequest.create("client.svc.test"))
				.getRequiredData();
			assertThat(bundle.getX509Certificate().getIssuerX500Principal()).isEqualTo(newCa.getSubjectX500Principal());
			PrivateKey key = KeyFactory.getInstance(bundle.getRequiredPrivateKeyType().toUpperCase(Locale.ROOT))
				.generatePrivate(bundle.getPrivateKeySpec());
			ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", this.port)
				.sslContext(GrpcSslContexts.forClient()
					.keyManager(key, bundle.getX509Certificate())
					.trustManager(rotatingCaVault.pki().caCertificates())
					.build())
				.build();
			try {
				assertThat(read(channel)).isEqualTo(serving);
			}
			finally {
				channel.shutdownNow();
			}
			assertThat(this.events.rotated()).hasSize(rotatedBefore);
		}

		@Override
		ManagedChannel channel() {
			return SecuredChannels.tls("localhost", this.port,
					rotatingCaVault.pki().caCertificates().toArray(X509Certificate[]::new));
		}

	}

	/**
	 * Certificates from a Vault double on an AppRole login, stopped so that connections
	 * are refused, then started again on the same port with a new CA and no memory of the
	 * tokens it issued.
	 */
	@Nested
	@SpringBootTest(classes = RestartingVaultServerConfiguration.class, webEnvironment = WebEnvironment.NONE)
	class VaultStoppedTests extends VaultServerTests {

		@Test
		void renewalWhenVaultIsStoppedKeepsServingReportsTheFailuresAndRenewsOnceVaultAnswersAgain() throws Exception {
			BigInteger serving = this.keyMaterial.servingCertificate().getSerialNumber();
			int failedBefore = this.events.renewalFailed().size();
			Load load = new Load(this::channel, 2);
			try {
				await().atMost(WAIT).until(() -> load.newConnectionSerials().contains(serving));
				restartingVault.stop();
				assertThat(this.rotation.rotateNow()).isFalse();
				await().atMost(WAIT).until(() -> this.rotation.status().failedAttempts() >= 3);
				assertThat(servingSerialOfNewConnection()).isEqualTo(serving);
				List<HipaaGrpcTlsCertificateRenewalFailedEvent> failed = this.events.renewalFailed();
				assertThat(failed.size() - failedBefore).isGreaterThanOrEqualTo(3);
				assertThat(failed.get(failed.size() - 1).getFailure()).isInstanceOfSatisfying(
						HipaaGrpcTlsVaultCertificateException.class, (ex) -> assertThat(ex.getReason())
							.isEqualTo(HipaaGrpcTlsVaultCertificateException.Reason.UNREACHABLE));
				Health health = this.certificateHealth.health();
				assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
				assertThat(health.getDetails()).containsEntry("serial", serving.toString(16))
					.containsKey("lastRenewalFailure")
					.containsEntry("lastRenewalFailureType", HipaaGrpcTlsVaultCertificateException.class.getName())
					.hasEntrySatisfying("failedRenewals", (count) -> assertThat((int) count).isGreaterThanOrEqualTo(3));
				LocalVaultServer returned = restartingVault.startAgain();
				await().atMost(WAIT).until(() -> !this.rotation.status().isFailing());
				X509Certificate renewed = this.keyMaterial.servingCertificate();
				assertThat(renewed.getSerialNumber()).isNotEqualTo(serving);
				renewed.verify(returned.pki().caCertificate().getPublicKey());
				assertThat(returned.requestCount("auth/approle/login")).isEqualTo(1);
				await().atMost(WAIT).until(() -> load.newConnectionSerials().contains(renewed.getSerialNumber()));
				assertThat(this.certificateHealth.health().getDetails()).containsEntry("failedRenewals", 0)
					.containsEntry("serial", renewed.getSerialNumber().toString(16))
					.doesNotContainKey("lastRenewalFailure");
			}
			finally {
				load.stop();
			}
			assertThat(load.failures()).isEmpty();
		}

		@Override
		ManagedChannel channel() {
			return SecuredChannels.tls("localhost", this.port, restartingVault.caCertificates());
		}

	}

	/**
	 * Certificates from Vault on an AppRole login whose token can expire.
	 */
	@Nested
	@ExtendWith(OutputCaptureExtension.class)
	@SpringBootTest(classes = AppRoleServerConfiguration.class, webEnvironment = WebEnvironment.NONE)
	class AppRoleTests extends VaultServerTests {

		@Autowired
		LifecycleAwareSessionManager sessionManager;

		@Test
		void rotationWhenVaultTokenExpiredLogsInAgainAndRotates(CapturedOutput output) {
			LoginToken expired = (LoginToken) this.sessionManager.getSessionToken();
			BigInteger serving = this.keyMaterial.servingCertificate().getSerialNumber();
			int logins = vault.requestCount("auth/approle/login");
			vault.expireToken(expired.getToken());
			assertThat(this.rotation.rotateNow()).isTrue();
			assertThat(vault.requestCount("auth/approle/login")).isEqualTo(logins + 1);
			BigInteger renewed = this.keyMaterial.servingCertificate().getSerialNumber();
			assertThat(renewed).isNotEqualTo(serving);
			assertThat(servingSerialOfNewConnection()).isEqualTo(renewed);
			LoginToken current = (LoginToken) this.sessionManager.getSessionToken();
			assertThat(current.getToken()).isNotEqualTo(expired.getToken());
			assertThat(output).doesNotContain(expired.getToken())
				.doesNotContain(current.getToken())
				.doesNotContain(SECRET_ID);
			assertThat(output).doesNotContain(String.valueOf(expired.getAccessor()))
				.doesNotContain(String.valueOf(current.getAccessor()));
		}

	}

	/**
	 * A gRPC server whose certificate comes from the Vault double, with small retry
	 * delays.
	 */
	@SpringBootTest(classes = TokenServerConfiguration.class, webEnvironment = WebEnvironment.NONE)
	@TestPropertySource(properties = { "spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
			"hipaa.grpc.tls.certificate.source=vault", "hipaa.grpc.tls.vault.role=grpc-server",
			"hipaa.grpc.tls.vault.common-name=localhost", "hipaa.grpc.tls.vault.alt-names=records.svc.test",
			"hipaa.grpc.tls.vault.ip-sans=127.0.0.1", "hipaa.grpc.tls.certificate.retry.initial-delay=100ms",
			"hipaa.grpc.tls.certificate.retry.max-delay=500ms",
			// calls run as fast as they can during rotations; rate limits are tested on
			// their own
			"hipaa.grpc.rate-limit.enabled=false" })
	abstract static class VaultServerTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		HipaaGrpcTlsKeyMaterial keyMaterial;

		@Autowired
		HipaaGrpcTlsCertificateRotation rotation;

		@Autowired
		RotationEvents events;

		@Autowired
		GrpcServerCertificateHealthIndicator certificateHealth;

		@DynamicPropertySource
		static void jwtProperties(DynamicPropertyRegistry registry) {
			registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", support.jwks()::jwkSetUri);
			registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> SecuredServerSupport.ISSUER);
			registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> SecuredServerSupport.AUDIENCE);
		}

		ManagedChannel channel() {
			return HipaaGrpcTlsVaultIntegrationTests.channel(this.port);
		}

		BigInteger servingSerialOfNewConnection() {
			ManagedChannel channel = channel();
			try {
				return read(channel);
			}
			finally {
				channel.shutdownNow();
			}
		}

	}

	/**
	 * Calls on new connections from a few threads, and on one connection kept open,
	 * recording the server certificate's serial number each call saw and every failure.
	 */
	static final class Load {

		private final Supplier<ManagedChannel> channels;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger calls = new AtomicInteger();

		private final Set<BigInteger> newConnectionSerials = ConcurrentHashMap.newKeySet();

		private final Set<BigInteger> establishedConnectionSerials = ConcurrentHashMap.newKeySet();

		private final AtomicReference<@Nullable BigInteger> lastEstablishedConnectionSerial = new AtomicReference<>();

		private final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final ManagedChannel established;

		private final ExecutorService executor;

		Load(int port, int newConnectionThreads) {
			this(() -> channel(port), newConnectionThreads);
		}

		Load(Supplier<ManagedChannel> channels, int newConnectionThreads) {
			this.channels = channels;
			this.established = channels.get();
			this.executor = Executors.newFixedThreadPool(newConnectionThreads + 1);
			for (int i = 0; i < newConnectionThreads; i++) {
				this.executor.execute(() -> loop(this::callOnNewConnection));
			}
			this.executor.execute(() -> loop(this::callOnEstablishedConnection));
		}

		private void loop(Runnable call) {
			while (this.running.get()) {
				call.run();
			}
		}

		private void callOnNewConnection() {
			ManagedChannel channel = this.channels.get();
			try {
				call(channel, this.newConnectionSerials);
				call(channel, this.newConnectionSerials);
			}
			finally {
				channel.shutdownNow();
			}
		}

		private void callOnEstablishedConnection() {
			BigInteger serial = call(this.established, this.establishedConnectionSerials);
			if (serial != null) {
				this.lastEstablishedConnectionSerial.set(serial);
			}
		}

		private @Nullable BigInteger call(Channel channel, Set<BigInteger> serials) {
			try {
				BigInteger serial = read(channel);
				serials.add(serial);
				this.calls.incrementAndGet();
				return serial;
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
				return null;
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.executor.shutdown();
			assertThat(this.executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			this.established.shutdownNow();
		}

		int calls() {
			return this.calls.get();
		}

		Set<BigInteger> newConnectionSerials() {
			return this.newConnectionSerials;
		}

		Set<BigInteger> establishedConnectionSerials() {
			return this.establishedConnectionSerials;
		}

		@Nullable BigInteger lastEstablishedConnectionSerial() {
			return this.lastEstablishedConnectionSerial.get();
		}

		List<Throwable> failures() {
			return this.failures;
		}

	}

	/**
	 * Client interceptor that keeps the serial number of the certificate the server
	 * presented on the connection of a call.
	 */
	static final class PeerCertificateCapture implements ClientInterceptor {

		private volatile @Nullable BigInteger serialNumber;

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			ClientCall<Q, R> call = next.newCall(method, callOptions);
			return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {

				@Override
				public void start(Listener<R> responseListener, Metadata headers) {
					super.start(
							new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(responseListener) {

								@Override
								public void onHeaders(Metadata headers) {
									capture(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
									super.onHeaders(headers);
								}

							}, headers);
				}

			};
		}

		private void capture(@Nullable SSLSession session) {
			if (session == null) {
				return;
			}
			try {
				Certificate[] chain = session.getPeerCertificates();
				this.serialNumber = ((X509Certificate) chain[0]).getSerialNumber();
			}
			catch (SSLPeerUnverifiedException ex) {
				throw new IllegalStateException("Server sent no certificate", ex);
			}
		}

		BigInteger serialNumber() {
			BigInteger serialNumber = this.serialNumber;
			if (serialNumber == null) {
				throw new AssertionError("No call received headers over TLS");
			}
			return serialNumber;
		}

	}

	/**
	 * Vault double with the same roles as the shared one that can be stopped and started
	 * again on the same port, each time with a new CA and no tokens, remembering every CA
	 * it had.
	 */
	static final class RestartingVault {

		private final List<X509Certificate> caCertificates = new CopyOnWriteArrayList<>();

		private final int port;

		private final URI uri;

		private volatile LocalVaultServer server;

		RestartingVault() {
			this.server = start(0);
			this.port = this.server.port();
			this.uri = this.server.uri();
		}

		private LocalVaultServer start(int port) {
			LocalVaultServer started = LocalVaultServer.builder()
				.port(port)
				.appRole("records", ROLE_ID, SECRET_ID)
				.pkiRole(PkiRole.named("grpc-server").allowedDomains("svc.test").allowSubdomains(true))
				.start();
			this.caCertificates.add(started.pki().caCertificate());
			return started;
		}

		LocalVaultServer startAgain() {
			this.server = start(this.port);
			return this.server;
		}

		void stop() {
			this.server.close();
		}

		URI uri() {
			return this.uri;
		}

		X509Certificate[] caCertificates() {
			return this.caCertificates.toArray(X509Certificate[]::new);
		}

	}

	/**
	 * Rotation events published by the application, in order.
	 */
	static final class RotationEvents {

		private final List<HipaaGrpcTlsCertificateIssuedEvent> issued = new CopyOnWriteArrayList<>();

		private final List<HipaaGrpcTlsCertificateRotatedEvent> rotated = new CopyOnWriteArrayList<>();

		private final List<HipaaGrpcTlsCertificateRenewalFailedEvent> renewalFailed = new CopyOnWriteArrayList<>();

		@EventListener
		void onIssued(HipaaGrpcTlsCertificateIssuedEvent event) {
			this.issued.add(event);
		}

		@EventListener
		void onRotated(HipaaGrpcTlsCertificateRotatedEvent event) {
			this.rotated.add(event);
		}

		@EventListener
		void onRenewalFailed(HipaaGrpcTlsCertificateRenewalFailedEvent event) {
			this.renewalFailed.add(event);
		}

		List<HipaaGrpcTlsCertificateIssuedEvent> issued() {
			return List.copyOf(this.issued);
		}

		List<HipaaGrpcTlsCertificateRotatedEvent> rotated() {
			return List.copyOf(this.rotated);
		}

		List<HipaaGrpcTlsCertificateRenewalFailedEvent> renewalFailed() {
			return List.copyOf(this.renewalFailed);
		}

	}

	/**
	 * Application with a gRPC service and a Vault connection authenticated with the root
	 * token.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TokenServerConfiguration {

		@Bean
		HoldingRecordsService holdingRecordsService() {
			return new HoldingRecordsService();
		}

		@Bean
		RotationEvents rotationEvents() {
			return new RotationEvents();
		}

		@Bean
		VaultTemplate vaultTemplate() {
			return rootTemplate();
		}

	}

	/**
	 * Application with a gRPC service and a Vault connection that logs in with AppRole
	 * through a session manager.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AppRoleServerConfiguration {

		@Bean
		HoldingRecordsService holdingRecordsService() {
			return new HoldingRecordsService();
		}

		@Bean
		RotationEvents rotationEvents() {
			return new RotationEvents();
		}

		@Bean
		LifecycleAwareSessionManager vaultSessionManager() {
			return appRoleSessionManager(vault.uri());
		}

		@Bean
		VaultTemplate vaultTemplate(LifecycleAwareSessionManager sessionManager) {
			return new VaultTemplate(client(vault.uri()), sessionManager);
		}

		static LifecycleAwareSessionManager appRoleSessionManager(URI uri) {
			AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
				.roleId(RoleId.provided(ROLE_ID))
				.secretId(SecretId.provided(SECRET_ID))
				.build();
			return new LifecycleAwareSessionManager(new AppRoleAuthentication(options, client(uri)), sessionScheduler,
					client(uri));
		}

		static VaultClient client(URI uri) {
			return VaultClient.create(VaultEndpoint.from(uri));
		}

	}

	/**
	 * Application with a gRPC service and a root-token Vault connection to the Vault
	 * double whose CA a test rotates.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RotatingCaServerConfiguration {

		@Bean
		HoldingRecordsService holdingRecordsService() {
			return new HoldingRecordsService();
		}

		@Bean
		RotationEvents rotationEvents() {
			return new RotationEvents();
		}

		@Bean
		VaultTemplate vaultTemplate() {
			return new VaultTemplate(VaultEndpoint.from(rotatingCaVault.uri()),
					new TokenAuthentication(rotatingCaVault.rootToken()));
		}

	}

	/**
	 * Application with a gRPC service and a Vault connection that logs in with AppRole to
	 * the Vault double that tests stop and start again on the same port.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RestartingVaultServerConfiguration {

		@Bean
		HoldingRecordsService holdingRecordsService() {
			return new HoldingRecordsService();
		}

		@Bean
		RotationEvents rotationEvents() {
			return new RotationEvents();
		}

		@Bean
		LifecycleAwareSessionManager vaultSessionManager() {
			return AppRoleServerConfiguration.appRoleSessionManager(restartingVault.uri());
		}

		@Bean
		VaultTemplate vaultTemplate(LifecycleAwareSessionManager sessionManager) {
			return new VaultTemplate(AppRoleServerConfiguration.client(restartingVault.uri()), sessionManager);
		}

	}

}
