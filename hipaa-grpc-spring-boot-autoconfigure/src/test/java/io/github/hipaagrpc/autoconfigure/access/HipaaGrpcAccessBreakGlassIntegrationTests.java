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

package io.github.hipaagrpc.autoconfigure.access;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.access.HipaaGrpcAccessBreakGlassInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessContext;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyAccessGrantedEvent;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrant;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.security.MutableClock;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for break-glass emergency access over a real TLS socket, with grants and audit
 * records in H2: a reason makes a grant that later calls run under until it expires on
 * the replica's clock.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = HipaaGrpcAccessBreakGlassIntegrationTests.ServiceConfiguration.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "hipaa.grpc.access.break-glass.enabled=true", "hipaa.grpc.access.break-glass.roles=PROVIDER",
				"hipaa.grpc.access.break-glass.duration=15m", "logging.level.io.github.hipaagrpc=debug" })
class HipaaGrpcAccessBreakGlassIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));

	static final String REASON = "Unconscious patient in bay 4, allergy list needed";

	@Value("${local.grpc.server.port}")
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	HipaaGrpcAuditWriter writer;

	@Autowired
	HipaaGrpcAuditIntegrity integrity;

	@Autowired
	GrantedEvents events;

	ManagedChannel channel;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		support.registerProperties(registry);
	}

	@AfterAll
	static void stop() {
		support.close();
	}

	@BeforeEach
	void openChannel() {
		this.channel = support.channel(this.port);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void readWhenEmergencyWithReasonIsAllowedUntilTheGrantEnds(CapturedOutput output) {
		String token = emergency("dr-alice", "PROVIDER");
		String grantId = grantOf(read("bg-grant-000001", token, REASON, "B"));
		assertThat(grantId).isNotEqualTo("none");
		Map<String, Object> stored = this.jdbc.queryForMap("select * from hipaa_grpc_emergency_grant where id = ?",
				grantId);
		assertThat(stored).containsEntry("principal", "dr-alice").containsEntry("reason", REASON);
		assertThat(this.events.received).singleElement().satisfies((event) -> {
			assertThat(event.getGrantId()).isEqualTo(grantId);
			assertThat(event.getPrincipal()).isEqualTo("dr-alice");
			assertThat(event.getReason()).isEqualTo(REASON);
			assertThat(event.getDuration()).isEqualTo(Duration.ofMinutes(15));
		});
		assertThat(grantOf(read("bg-grant-000002", token, null, "C"))).isEqualTo(grantId);
		clock.advance(Duration.ofMinutes(15));
		Status expired = status("bg-grant-000003", token, null, "B");
		assertThat(expired.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(expired.getDescription()).contains("x-break-glass-reason");
		Map<String, Object> call = auditRecord("bg-grant-000001");
		assertThat(call).containsEntry("emergency_grant", grantId)
			.containsEntry("purpose_of_use", "ETREAT")
			.containsEntry("decision", "ALLOWED");
		assertThat(auditRecord("bg-grant-000002")).containsEntry("emergency_grant", grantId);
		assertThat(auditRecord("bg-grant-000003")).containsEntry("decision", "DENIED")
			.containsEntry("purpose_of_use", "ETREAT")
			.containsEntry("emergency_grant", null);
		Map<String, Object> event = this.jdbc
			.queryForMap("select * from hipaa_grpc_audit_record where event_type = 'access.break-glass.granted' "
					+ "and emergency_grant = ?", grantId);
		assertThat(event).containsEntry("principal", "dr-alice").containsEntry("record_type", "EVENT");
		assertThat((String) event.get("detail")).contains(grantId, "PT15M", REASON);
		assertThat(this.integrity.verify().isIntact()).isTrue();
		assertThat(output).contains(grantId).doesNotContain("Unconscious", "bay 4");
	}

	@Test
	void readWhenEmergencyWithoutReasonIsPermissionDeniedTellingTheClientWhatIsMissing() {
		Status status = status("bg-noreason-001", emergency("dr-bob", "PROVIDER"), null, "B");
		assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(status.getDescription()).isEqualTo(HipaaGrpcAccessBreakGlassInterceptor.REASON_REQUIRED_DESCRIPTION);
		assertThat(auditRecord("bg-noreason-001")).containsEntry("decision", "DENIED")
			.containsEntry("principal", "dr-bob")
			.containsEntry("emergency_grant", null);
		assertThat(grants("dr-bob")).isZero();
	}

	@Test
	void readWhenEmergencyFromRoleNotAllowedToBreakGlassIsPermissionDenied() {
		Status status = status("bg-role-0000001", emergency("clerk-carol", "BILLING"), REASON, "B");
		assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(status.getDescription()).isEqualTo(HipaaGrpcAccessBreakGlassInterceptor.ROLE_DESCRIPTION);
		assertThat(grants("clerk-carol")).isZero();
	}

	@Test
	void readWhenReasonIsMalformedIsInvalidArgumentWithoutEchoingIt() {
		String token = emergency("dr-dave", "PROVIDER");
		Status tooShort = status("bg-malformed-01", token, "urgent", "B");
		assertThat(tooShort.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(tooShort.getDescription()).doesNotContain("urgent");
		Status tooLong = status("bg-malformed-02", token, "x".repeat(501), "B");
		assertThat(tooLong.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(grants("dr-dave")).isZero();
	}

	@Test
	void readWhenTreatmentAtOtherFacilityWithReasonIsNotEmergencyAndIsPermissionDenied() {
		String token = support.minter()
			.token()
			.subject("dr-erin")
			.roles("PROVIDER")
			.claim("facility", "A")
			.claim("purpose_of_use", "TREAT")
			.build();
		assertThat(status("bg-treat-000001", token, REASON, "B").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(grantOf(read("bg-treat-000002", token, REASON, "A"))).isEqualTo("none");
		assertThat(grants("dr-erin")).isZero();
	}

	String emergency(String subject, String role) {
		return support.minter()
			.token()
			.subject(subject)
			.roles(role)
			.claim("facility", "A")
			.claim("purpose_of_use", "ETREAT")
			.build();
	}

	RecordReply read(String correlationId, String token, @Nullable String reason, String facility) {
		Metadata headers = new Metadata();
		headers.put(CorrelationId.METADATA_KEY, correlationId);
		if (reason != null) {
			headers.put(HipaaGrpcAccessBreakGlassInterceptor.REASON_HEADER, reason);
		}
		return TestRecordsGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
			.withCallCredentials(SecuredChannels.bearer(token))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.read(RecordRequest.newBuilder().setId(facility).build());
	}

	Status status(String correlationId, String token, @Nullable String reason, String facility) {
		try {
			read(correlationId, token, reason, facility);
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	static String grantOf(RecordReply reply) {
		return reply.getPrincipal();
	}

	Map<String, Object> auditRecord(String correlationId) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> count(correlationId) == 1 && this.writer.getQueueDepth() == 0);
		return this.jdbc.queryForMap("select * from hipaa_grpc_audit_record where correlation_id = ?", correlationId);
	}

	int count(String correlationId) {
		Integer count = this.jdbc.queryForObject(
				"select count(*) from hipaa_grpc_audit_record where correlation_id = ?", Integer.class, correlationId);
		return (count != null) ? count : 0;
	}

	int grants(String principal) {
		Integer count = this.jdbc.queryForObject("select count(*) from hipaa_grpc_emergency_grant where principal = ?",
				Integer.class, principal);
		return (count != null) ? count : 0;
	}

	/**
	 * Application with the guarded service, the replica's clock and a listener for
	 * grants.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		Clock clock() {
			return clock;
		}

		@Bean
		GrantedEvents grantedEvents() {
			return new GrantedEvents();
		}

		@Bean
		EmergencyRecordsService emergencyRecordsService() {
			return new EmergencyRecordsService();
		}

	}

	/**
	 * Listener that keeps every grant event.
	 */
	static class GrantedEvents implements ApplicationListener<HipaaGrpcAccessEmergencyAccessGrantedEvent> {

		final List<HipaaGrpcAccessEmergencyAccessGrantedEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(HipaaGrpcAccessEmergencyAccessGrantedEvent event) {
			this.received.add(event);
		}

	}

	/**
	 * Service whose request id names the facility of the record, readable for treatment
	 * at that facility or in an emergency; the reply's principal field names the grant
	 * the call ran under.
	 */
	static class EmergencyRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('PROVIDER') and (@hipaa.purposeIs('TREAT') and @hipaa.atFacility(#request.id) "
				+ "or @hipaa.emergency())")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			HipaaGrpcAccessContext access = HipaaGrpcAccessContext.current();
			HipaaGrpcAccessEmergencyGrant grant = HipaaGrpcAccessEmergencyGrant.current();
			responseObserver.onNext(RecordReply.newBuilder()
				.setId((access != null) ? access.facility() + "/" + access.purposeOfUse() : "none")
				.setPrincipal((grant != null) ? grant.id() : "none")
				.build());
			responseObserver.onCompleted();
		}

	}

}
