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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.access.HipaaGrpcAccessContext;
import io.github.hipaagrpc.access.HipaaGrpcAccessInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.test.TokenBuilder;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the access context over a real TLS socket: facility and purpose of use from
 * the token or, where allowed, from the metadata header, checked by {@code @PreAuthorize}
 * through the {@code hipaa} bean and written to the audit record.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcAccessIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	@AfterAll
	void stop() {
		support.close();
	}

	static TokenBuilder provider(String subject) {
		return support.minter().token().subject(subject).roles("PROVIDER");
	}

	/**
	 * Calls to one server, whatever its settings.
	 */
	abstract static class AccessTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		HipaaGrpcAuditWriter writer;

		ManagedChannel channel;

		@BeforeEach
		void openChannel() {
			this.channel = support.channel(this.port);
		}

		@AfterEach
		void closeChannel() throws InterruptedException {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}

		RecordReply read(String correlationId, String token, @Nullable String purposeHeader, String facility) {
			Metadata headers = new Metadata();
			headers.put(CorrelationId.METADATA_KEY, correlationId);
			if (purposeHeader != null) {
				headers.put(HipaaGrpcAccessInterceptor.PURPOSE_OF_USE_HEADER, purposeHeader);
			}
			return TestRecordsGrpc.newBlockingStub(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.withCallCredentials(SecuredChannels.bearer(token))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.read(RecordRequest.newBuilder().setId(facility).build());
		}

		Status status(String token, @Nullable String purposeHeader, String facility) {
			try {
				read("access-status-01", token, purposeHeader, facility);
				return Status.OK;
			}
			catch (StatusRuntimeException ex) {
				return ex.getStatus();
			}
		}

		@Test
		void readWhenSameFacilityAndTreatmentIsAllowedAndSeesTheContext() {
			String token = provider("dr-alice").claim("facility", "A").claim("purpose_of_use", "TREAT").build();
			assertThat(read("access-ok-00001", token, null, "A").getId()).isEqualTo("A/TREAT");
		}

		@Test
		void readWhenOtherFacilityIsPermissionDenied() {
			String token = provider("dr-bob").claim("facility", "A").claim("purpose_of_use", "TREAT").build();
			assertThat(status(token, null, "B").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void readWhenCallerHasNoFacilityIsPermissionDenied() {
			String token = provider("dr-bob").claim("purpose_of_use", "TREAT").build();
			assertThat(status(token, null, "").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void readWhenNoPurposeIsDeclaredIsPermissionDenied() {
			String token = provider("dr-carol").claim("facility", "A").build();
			assertThat(status(token, null, "A").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void readWhenOtherPurposeIsDeclaredIsPermissionDenied() {
			String token = provider("dr-carol").claim("facility", "A").claim("purpose_of_use", "HMARKT").build();
			assertThat(status(token, null, "A").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void readWhenPurposeClaimIsUnknownCodeIsInvalidArgumentWithoutEchoingIt() {
			String token = provider("dr-dave").claim("facility", "A").claim("purpose_of_use", "CURIOSITY-X1").build();
			Status status = status(token, null, "A");
			assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(status.getDescription()).isEqualTo("Purpose of use is not an accepted HL7 PurposeOfUse code")
				.doesNotContain("CURIOSITY-X1");
		}

		@Test
		void auditRecordWhenCallIsAllowedHoldsPurposeAndFacility() {
			String token = provider("dr-erin").claim("facility", "A").claim("purpose_of_use", "TREAT").build();
			read("access-audit-01", token, null, "A");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count("access-audit-01") == 1 && this.writer.getQueueDepth() == 0);
			Map<String, Object> record = this.jdbc
				.queryForMap("select * from hipaa_grpc_audit_record where correlation_id = ?", "access-audit-01");
			assertThat(record.get("status_code")).isEqualTo("OK");
			assertThat(record.get("principal")).isEqualTo("dr-erin");
			assertThat(record.get("purpose_of_use")).isEqualTo("TREAT");
			assertThat(record.get("facility")).isEqualTo("A");
		}

		@Test
		void auditRecordWhenPurposeIsUnknownCodeHoldsTheStatusAndNotTheValue() {
			String token = provider("dr-hank").claim("facility", "A").claim("purpose_of_use", "CURIOSITY-X2").build();
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> read("access-audit-02", token, null, "A"));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count("access-audit-02") == 1 && this.writer.getQueueDepth() == 0);
			Map<String, Object> record = this.jdbc
				.queryForMap("select * from hipaa_grpc_audit_record where correlation_id = ?", "access-audit-02");
			assertThat(record.get("status_code")).isEqualTo("INVALID_ARGUMENT");
			assertThat(record.get("principal")).isEqualTo("dr-hank");
			assertThat(record.get("authentication_kind")).isEqualTo("jwt");
			assertThat(record.get("purpose_of_use")).isNull();
			assertThat(record.values())
				.allSatisfy((value) -> assertThat(String.valueOf(value)).doesNotContain("CURIOSITY"));
		}

		int count(String correlationId) {
			Integer count = this.jdbc.queryForObject(
					"select count(*) from hipaa_grpc_audit_record where correlation_id = ?", Integer.class,
					correlationId);
			return (count != null) ? count : 0;
		}

	}

	/**
	 * Purpose of use from the token only, the default.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE)
	class ClaimOnlyTests extends AccessTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void readWhenPurposeHeaderIsNotAllowedIgnoresIt() {
			String noPurpose = provider("dr-frank").claim("facility", "A").build();
			assertThat(status(noPurpose, "TREAT", "A").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
			String marketing = provider("dr-frank").claim("facility", "A").claim("purpose_of_use", "HMARKT").build();
			assertThat(status(marketing, "TREAT", "A").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
			String treatment = provider("dr-frank").claim("facility", "A").claim("purpose_of_use", "TREAT").build();
			assertThat(status(treatment, "NOT-A-CODE", "A").getCode()).isEqualTo(Status.Code.OK);
		}

	}

	/**
	 * Purpose of use from the metadata header, where allowed.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = "hipaa.grpc.access.purpose-of-use.header-allowed=true")
	class HeaderAllowedTests extends AccessTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void readWhenPurposeHeaderIsAllowedUsesIt() {
			String token = provider("dr-gina").claim("facility", "A").build();
			assertThat(read("access-header-1", token, "TREAT", "A").getId()).isEqualTo("A/TREAT");
		}

		@Test
		void readWhenPurposeHeaderIsAllowedTakesPrecedenceOverTheClaim() {
			String token = provider("dr-gina").claim("facility", "A").claim("purpose_of_use", "TREAT").build();
			assertThat(status(token, "HMARKT", "A").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void readWhenPurposeHeaderIsUnknownCodeIsInvalidArgument() {
			String token = provider("dr-gina").claim("facility", "A").claim("purpose_of_use", "TREAT").build();
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> read("access-header-2", token, "NOT-A-CODE", "A"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		}

	}

	/**
	 * Application with the guarded service.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		FacilityRecordsService facilityRecordsService() {
			return new FacilityRecordsService();
		}

	}

	/**
	 * Service whose request id names the facility of the record, readable for treatment
	 * at that facility only.
	 */
	static class FacilityRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('PROVIDER') and @hipaa.purposeIs('TREAT') and @hipaa.atFacility(#request.id)")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			HipaaGrpcAccessContext access = HipaaGrpcAccessContext.current();
			String seen = (access != null) ? access.facility() + "/" + access.purposeOfUse() : "none";
			responseObserver.onNext(RecordReply.newBuilder().setId(seen).build());
			responseObserver.onCompleted();
		}

	}

}
