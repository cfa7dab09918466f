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

package io.github.hipaagrpc.autoconfigure.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.actuate.GrpcAuditHealthIndicator;
import io.github.hipaagrpc.actuate.HipaaGrpcAuditEndpoint;
import io.github.hipaagrpc.audit.HipaaGrpcAudit;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.security.JwksKeysChangedEvent;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotatedEvent;
import io.grpc.CallCredentials;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the audit trail over a real TLS socket, against H2 and a real PostgreSQL:
 * every outcome of a call gives exactly one record with the right fields and nothing a
 * record must not hold.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcAuditIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final String CHAIN_KEY = "audit-chain-key-for-tests-only-0123456789";

	static final String REQUEST_MARKER = "REQ-7731";

	static final String ERROR_MARKER = "boom FAKE-PT-0042";

	static @Nullable EmbeddedPostgres postgres;

	@AfterAll
	void stop() throws IOException {
		support.close();
		EmbeddedPostgres running = postgres;
		if (running != null) {
			running.close();
		}
	}

	static synchronized EmbeddedPostgres postgres() throws IOException {
		EmbeddedPostgres running = postgres;
		if (running == null) {
			running = EmbeddedPostgres.start();
			postgres = running;
		}
		return running;
	}

	/**
	 * The outcomes, whatever the database.
	 */
	abstract static class OutcomeTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		HipaaGrpcAuditWriter writer;

		@Autowired
		HipaaGrpcAuditIntegrity integrity;

		@Autowired
		SlowCalls slowCalls;

		@Autowired
		GrpcAuditHealthIndicator health;

		@Autowired
		HipaaGrpcAuditEndpoint endpoint;

		ManagedChannel channel;

		final List<String> tokens = new ArrayList<>();

		@BeforeEach
		void openChannel() {
			this.channel = support.channel(this.port);
		}

		@AfterEach
		void closeChannel() throws InterruptedException {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}

		String token(String subject, String... roles) {
			String token = support.minter().token().subject(subject).roles(roles).claim("azp", "clinic-portal").build();
			this.tokens.add(token);
			return token;
		}

		TestRecordsGrpc.TestRecordsBlockingStub stub(String correlationId, @Nullable String token) {
			Metadata headers = new Metadata();
			headers.put(CorrelationId.METADATA_KEY, correlationId);
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			if (token == null) {
				return stub;
			}
			CallCredentials credentials = SecuredChannels.bearer(token);
			return stub.withCallCredentials(credentials);
		}

		Status.Code call(String correlationId, @Nullable String token, String id) {
			try {
				stub(correlationId, token).read(RecordRequest.newBuilder().setId(id).build());
				return Status.Code.OK;
			}
			catch (StatusRuntimeException ex) {
				return ex.getStatus().getCode();
			}
		}

		Map<String, Object> onlyRecordOf(String correlationId) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count(correlationId) >= 1 && this.writer.getQueueDepth() == 0);
			assertThat(count(correlationId)).isEqualTo(1);
			return this.jdbc.queryForMap("select * from hipaa_grpc_audit_record where correlation_id = ?",
					correlationId);
		}

		Map<String, Object> onlyRecordOf(String correlationId, Runnable call) {
			call.run();
			return onlyRecordOf(correlationId);
		}

		int count(String correlationId) {
			Integer count = this.jdbc.queryForObject(
					"select count(*) from hipaa_grpc_audit_record where correlation_id = ?", Integer.class,
					correlationId);
			return (count != null) ? count : 0;
		}

		@Test
		void callWhenAllowedIsRecordedOnceWithWhoWhatWhereAndOutcome() {
			assertThat(call("audit-ok-000001", token("dr-alice", "PROVIDER"), "ok:" + REQUEST_MARKER))
				.isEqualTo(Status.Code.OK);
			Map<String, Object> record = onlyRecordOf("audit-ok-000001");
			assertThat(record.get("record_type")).isEqualTo("CALL");
			assertThat(record.get("method")).isEqualTo("hipaagrpc.test.v1.TestRecords/Read");
			assertThat(record.get("status_code")).isEqualTo("OK");
			assertThat(record.get("decision")).isEqualTo("ALLOWED");
			assertThat(record.get("principal")).isEqualTo("dr-alice");
			assertThat(record.get("client_id")).isEqualTo("clinic-portal");
			assertThat(record.get("roles")).isEqualTo("PROVIDER");
			assertThat(record.get("authentication_kind")).isEqualTo("jwt");
			assertThat(record.get("peer")).isEqualTo("127.0.0.1");
			assertThat(record.get("resource_reference")).isEqualTo("Patient/FAKE-PT-0001");
			assertThat(record.get("replica")).isEqualTo("replica-under-test");
			assertThat(record.get("duration_micros")).isInstanceOfSatisfying(Number.class,
					(duration) -> assertThat(duration.longValue()).isNotNegative());
			assertThat(record.get("recorded_at")).isNotNull();
		}

		@Test
		void callWithoutTokenIsRecordedAsUnauthenticatedAndDenied() {
			assertThat(call("audit-unauth-01", null, "ok:1")).isEqualTo(Status.Code.UNAUTHENTICATED);
			Map<String, Object> record = onlyRecordOf("audit-unauth-01");
			assertThat(record.get("status_code")).isEqualTo("UNAUTHENTICATED");
			assertThat(record.get("decision")).isEqualTo("DENIED");
			assertThat(record.get("principal")).isNull();
			assertThat(record.get("authentication_kind")).isEqualTo("none");
		}

		@Test
		void callWhenRoleIsMissingIsRecordedAsPermissionDenied() {
			assertThat(call("audit-denied-01", token("billing-bot", "BILLER"), "ok:1"))
				.isEqualTo(Status.Code.PERMISSION_DENIED);
			Map<String, Object> record = onlyRecordOf("audit-denied-01");
			assertThat(record.get("status_code")).isEqualTo("PERMISSION_DENIED");
			assertThat(record.get("decision")).isEqualTo("DENIED");
			assertThat(record.get("principal")).isEqualTo("billing-bot");
			assertThat(record.get("roles")).isEqualTo("BILLER");
		}

		@Test
		void callWhenLimitIsUsedUpIsRecordedAsResourceExhausted() {
			String token = token("dr-busy", "PROVIDER");
			assertThat(call("audit-limit-001", token, "ok:1")).isEqualTo(Status.Code.OK);
			assertThat(call("audit-limit-002", token, "ok:1")).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(onlyRecordOf("audit-limit-002").get("status_code")).isEqualTo("RESOURCE_EXHAUSTED");
			assertThat(onlyRecordOf("audit-limit-001").get("status_code")).isEqualTo("OK");
		}

		@Test
		void callsWhenServiceFailsAreRecordedWithTheirStatus() {
			String token = token("dr-carol", "PROVIDER");
			assertThat(call("audit-invalid-1", token, "invalid")).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(call("audit-failed-01", token, "fail")).isEqualTo(Status.Code.INTERNAL);
			assertThat(call("audit-unavail-1", token, "unavailable")).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(onlyRecordOf("audit-invalid-1").get("status_code")).isEqualTo("INVALID_ARGUMENT");
			assertThat(onlyRecordOf("audit-failed-01").get("status_code")).isEqualTo("INTERNAL");
			assertThat(onlyRecordOf("audit-unavail-1").get("status_code")).isEqualTo("UNAVAILABLE");
			assertThat(onlyRecordOf("audit-failed-01").get("decision")).isEqualTo("ALLOWED");
		}

		@Test
		void callWhenClientCancelsIsRecordedAsCancelled() throws Exception {
			this.slowCalls.reset();
			Context.CancellableContext cancellable = Context.current().withCancellation();
			Thread caller = new Thread(
					() -> cancellable.run(() -> call("audit-cancel-01", token("dr-dave", "PROVIDER"), "slow")));
			caller.start();
			assertThat(this.slowCalls.started.await(10, TimeUnit.SECONDS)).isTrue();
			cancellable.cancel(null);
			caller.join(10_000);
			assertThat(this.slowCalls.finished.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(onlyRecordOf("audit-cancel-01").get("status_code")).isEqualTo("CANCELLED");
		}

		@Test
		void callWhenDeadlinePassesIsRecordedAsDeadlineExceeded() throws InterruptedException {
			this.slowCalls.reset();
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub("audit-deadline1", token("dr-erin", "PROVIDER"))
					.withDeadlineAfter(300, TimeUnit.MILLISECONDS)
					.read(RecordRequest.newBuilder().setId("slow").build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
			assertThat(this.slowCalls.finished.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(onlyRecordOf("audit-deadline1").get("status_code")).isEqualTo("DEADLINE_EXCEEDED");
		}

		@Test
		void recordsHoldNoTokenNoRequestValueAndNoErrorText() {
			String token = token("dr-frank", "PROVIDER");
			assertThat(call("audit-scan-0001", token, "ok:" + REQUEST_MARKER)).isEqualTo(Status.Code.OK);
			assertThat(call("audit-scan-0002", token, "fail")).isEqualTo(Status.Code.INTERNAL);
			onlyRecordOf("audit-scan-0002");
			List<Map<String, Object>> rows = this.jdbc.queryForList("select * from hipaa_grpc_audit_record");
			assertThat(rows).isNotEmpty();
			for (Map<String, Object> row : rows) {
				for (Object value : row.values()) {
					String text = String.valueOf(value);
					assertThat(text).doesNotContain(REQUEST_MARKER).doesNotContain(ERROR_MARKER);
					this.tokens.forEach((issued) -> assertThat(text).doesNotContain(issued));
				}
			}
		}

		@Test
		void healthAndEndpointWhenCallsAreRecordedReportTheTrail() {
			assertThat(call("audit-health-01", token("dr-ivy", "PROVIDER"), "ok:1")).isEqualTo(Status.Code.OK);
			onlyRecordOf("audit-health-01");
			Health health = this.health.health();
			assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
			assertThat(health.getDetails()).containsEntry("mode", "fail-closed")
				.containsEntry("failClosed", false)
				.containsEntry("lost", 0L)
				.containsEntry("chain", this.writer.getHead().chainId());
			assertThat((Long) health.getDetails().get("written")).isPositive();
			HipaaGrpcAuditEndpoint.AuditIntegrityDescriptor integrity = this.endpoint.integrity();
			assertThat(integrity.intact()).isTrue();
			assertThat(integrity.chains()).extracting(HipaaGrpcAuditEndpoint.ChainDescriptor::chain)
				.contains(this.writer.getHead().chainId());
		}

		@Test
		void chainWhenCallsAreRecordedIsIntact() {
			assertThat(call("audit-chain-001", token("dr-gina", "PROVIDER"), "ok:1")).isEqualTo(Status.Code.OK);
			onlyRecordOf("audit-chain-001");
			await().atMost(Duration.ofSeconds(20)).until(() -> this.writer.getHead().length() > 1);
			assertThat(this.integrity.verify().isIntact()).isTrue();
			assertThat(this.writer.getLost()).isZero();
		}

	}

	/**
	 * Against H2, the embedded default.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE, properties = {
			"hipaa.grpc.audit.replica=replica-under-test", "management.endpoints.web.exposure.include=hipaagrpcaudit",
			"spring.grpc.server.ssl.client-auth=optional", "resilience4j.ratelimiter.configs.one.limit-for-period=1",
			"resilience4j.ratelimiter.configs.one.limit-refresh-period=1h",
			"hipaa.grpc.rate-limit.consumer.consumers[dr-busy]=one" })
	class H2Tests extends OutcomeTests {

		@Autowired
		ApplicationEventPublisher events;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
			Path ca = support.pki().writeCaPem(Files.createTempDirectory("hipaa-grpc-audit-ca"));
			registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + ca);
		}

		@Test
		void callWhenClientPresentsCertificateRecordsItsFingerprint() throws Exception {
			TestCertificate certificate = support.pki().issueClient("records-client");
			ManagedChannel mutual = SecuredChannels.mutualTls("localhost", this.port, certificate,
					support.pki().caCertificate());
			try {
				Metadata headers = new Metadata();
				headers.put(CorrelationId.METADATA_KEY, "audit-mtls-0001");
				TestRecordsGrpc.newBlockingStub(mutual)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
					.withCallCredentials(SecuredChannels.bearer(token("dr-jane", "PROVIDER")))
					.withDeadlineAfter(10, TimeUnit.SECONDS)
					.read(RecordRequest.newBuilder().setId("ok:1").build());
			}
			finally {
				mutual.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			String fingerprint = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded()));
			Map<String, Object> record = onlyRecordOf("audit-mtls-0001");
			assertThat(record.get("certificate_fingerprint")).isEqualTo(fingerprint);
			assertThat(record.get("principal")).isEqualTo("dr-jane");
			assertThat(record.get("authentication_kind")).isEqualTo("jwt+certificate");
			assertThat(
					onlyRecordOf("audit-ok-000002", () -> call("audit-ok-000002", token("dr-kim", "PROVIDER"), "ok:1"))
						.get("certificate_fingerprint"))
				.isNull();
		}

		@Test
		void eventsOfOtherFeaturesAreRecorded() {
			Instant notAfter = Instant.parse("2027-01-01T00:00:00Z");
			this.events.publishEvent(new HipaaGrpcTlsCertificateRotatedEvent(this, "0a:01", "0a:02", notAfter));
			this.events.publishEvent(
					new JwksKeysChangedEvent(this, "https://issuer.example/jwks", Set.of("key-2"), Set.of("key-1")));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> eventCount("tls.certificate.rotated", "%0a:02%") == 1
						&& eventCount("security.jwks.keys-changed", "%key-2%") == 1);
			Map<String, Object> rotated = eventRecord("tls.certificate.rotated", "%0a:02%");
			assertThat(rotated.get("record_type")).isEqualTo("EVENT");
			assertThat((String) rotated.get("detail")).contains("'0a:02'").contains("'0a:01'");
			Map<String, Object> keys = eventRecord("security.jwks.keys-changed", "%key-2%");
			assertThat((String) keys.get("detail")).contains("key-1");
		}

		int eventCount(String eventType, String detail) {
			Integer count = this.jdbc.queryForObject(
					"select count(*) from hipaa_grpc_audit_record where event_type = ? and detail like ?",
					Integer.class, eventType, detail);
			return (count != null) ? count : 0;
		}

		Map<String, Object> eventRecord(String eventType, String detail) {
			return this.jdbc.queryForMap("select * from hipaa_grpc_audit_record where event_type = ? and detail like ?",
					eventType, detail);
		}

	}

	/**
	 * Against a real PostgreSQL, where the table is append-only.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "hipaa.grpc.audit.replica=replica-under-test",
					"management.endpoints.web.exposure.include=hipaagrpcaudit",
					"hipaa.grpc.audit.jdbc.initialize-schema=always", "hipaa.grpc.audit.chain-key=" + CHAIN_KEY,
					"hipaa.grpc.audit.shutdown-timeout=2s", "resilience4j.ratelimiter.configs.one.limit-for-period=1",
					"resilience4j.ratelimiter.configs.one.limit-refresh-period=1h",
					"hipaa.grpc.rate-limit.consumer.consumers[dr-busy]=one" })
	class PostgresTests extends OutcomeTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
			EmbeddedPostgres database = postgres();
			registry.add("spring.datasource.url", () -> database.getJdbcUrl("postgres", "postgres"));
			registry.add("spring.datasource.username", () -> "postgres");
		}

		@Test
		void updateAndDeleteWhenRunBehindTheStarterAreRejectedByTheDatabase() {
			assertThat(call("audit-pg-00001", token("dr-hank", "PROVIDER"), "ok:1")).isEqualTo(Status.Code.OK);
			onlyRecordOf("audit-pg-00001");
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.jdbc.update(
					"update hipaa_grpc_audit_record set principal = 'someone-else' where correlation_id = ?",
					"audit-pg-00001"))
				.havingRootCause()
				.withMessageContaining("append-only");
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.jdbc.update("delete from hipaa_grpc_audit_record where correlation_id = ?",
						"audit-pg-00001"))
				.havingRootCause()
				.withMessageContaining("append-only");
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> this.jdbc.execute("truncate hipaa_grpc_audit_record"))
				.havingRootCause()
				.withMessageContaining("append-only");
			assertThat(onlyRecordOf("audit-pg-00001").get("principal")).isEqualTo("dr-hank");
		}

	}

	/**
	 * Application with the audited service.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		SlowCalls slowCalls() {
			return new SlowCalls();
		}

		@Bean
		AuditedRecordsService auditedRecordsService(SlowCalls slowCalls) {
			return new AuditedRecordsService(slowCalls);
		}

	}

	/**
	 * Latches of the service's slow calls.
	 */
	static class SlowCalls {

		volatile CountDownLatch started = new CountDownLatch(1);

		volatile CountDownLatch finished = new CountDownLatch(1);

		void reset() {
			this.started = new CountDownLatch(1);
			this.finished = new CountDownLatch(1);
		}

	}

	/**
	 * Service whose outcome the request id chooses.
	 */
	static class AuditedRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		private final SlowCalls slowCalls;

		AuditedRecordsService(SlowCalls slowCalls) {
			this.slowCalls = slowCalls;
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			switch (request.getId()) {
				case "invalid" ->
					responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("Bad id").asRuntimeException());
				case "fail" -> throw new IllegalStateException(ERROR_MARKER);
				case "unavailable" -> responseObserver.onError(Status.UNAVAILABLE.asRuntimeException());
				case "slow" -> slow();
				default -> {
					HipaaGrpcAudit.resourceReference("Patient/FAKE-PT-0001");
					responseObserver.onNext(RecordReply.newBuilder().setId("1").build());
					responseObserver.onCompleted();
				}
			}
		}

		private void slow() {
			SlowCalls calls = this.slowCalls;
			CountDownLatch cancelled = new CountDownLatch(1);
			Context.current().addListener((context) -> cancelled.countDown(), Runnable::run);
			calls.started.countDown();
			try {
				cancelled.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				calls.finished.countDown();
			}
		}

	}

}
