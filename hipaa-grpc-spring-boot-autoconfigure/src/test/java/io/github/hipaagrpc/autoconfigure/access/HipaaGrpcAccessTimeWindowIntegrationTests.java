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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.access.HipaaGrpcAccessPolicyChangedEvent;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for time-of-access windows over a real TLS socket: a role outside its windows is
 * taken out of force for the call, and a policy change reaches calls after the cache
 * interval, or at once on a policy change event.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcAccessTimeWindowIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final Instant MONDAY_TEN = Instant.parse("2026-12-07T10:00:00Z");

	static final Instant MONDAY_SEVEN_PM = Instant.parse("2026-12-07T19:00:00Z");

	static final Instant SATURDAY_TEN = Instant.parse("2026-12-12T10:00:00Z");

	@AfterAll
	void stop() {
		support.close();
	}

	/**
	 * Calls to one server, whatever its settings.
	 */
	abstract static class WindowTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		MutableClock clock;

		@Autowired
		ConfigurableApplicationContext context;

		ManagedChannel channel;

		@BeforeEach
		void openChannel() {
			this.channel = support.channel(this.port);
		}

		@AfterEach
		void closeChannel() throws InterruptedException {
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}

		void at(Instant instant) {
			this.clock.advance(Duration.between(this.clock.instant(), instant));
		}

		Status read(String correlationId, String... roles) {
			return call(correlationId, false, roles);
		}

		Status update(String... roles) {
			return call("window-update-01", true, roles);
		}

		private Status call(String correlationId, boolean update, String... roles) {
			String token = support.minter().token().subject("biller-1").roles(roles).build();
			Metadata headers = new Metadata();
			headers.put(CorrelationId.METADATA_KEY, correlationId);
			TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.withCallCredentials(SecuredChannels.bearer(token))
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			RecordRequest request = RecordRequest.newBuilder().setId("claim-1").build();
			try {
				if (update) {
					stub.update(request);
				}
				else {
					stub.read(request);
				}
				return Status.OK;
			}
			catch (StatusRuntimeException ex) {
				return ex.getStatus();
			}
		}

		void rebindTimeWindow(String role, String window) {
			Map<String, Object> values = Map.of("hipaa.grpc.access.time-windows." + role, window);
			this.context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("changed-" + System.nanoTime(), values));
			String[] names = this.context.getBeanNamesForType(HipaaGrpcAccessProperties.class);
			assertThat(names).hasSize(1);
			Object bean = this.context.getBean(names[0]);
			this.context.getAutowireCapableBeanFactory().destroyBean(bean);
			this.context.getAutowireCapableBeanFactory().initializeBean(bean, names[0]);
			assertThat(((HipaaGrpcAccessProperties) bean).getTimeWindows().get(role)).containsExactly(window);
		}

	}

	/**
	 * Windows for the biller role, with the default cache.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE, properties = {
			"hipaa.grpc.access.time-windows.BILLER=MON-FRI 08:00-18:00", "hipaa.grpc.access.time-zone=UTC" })
	class BillerWindowTests extends WindowTests {

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		HipaaGrpcAuditWriter writer;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void readWhenInsideTheWindowIsAllowed() {
			at(MONDAY_TEN);
			assertThat(read("window-read-001", "BILLER").getCode()).isEqualTo(Status.Code.OK);
		}

		@Test
		void readWhenOutsideTheWindowIsPermissionDenied() {
			at(MONDAY_SEVEN_PM);
			assertThat(read("window-read-002", "BILLER").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
			at(SATURDAY_TEN);
			assertThat(read("window-read-003", "BILLER").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void updateWhenOnlyAnotherRoleIsOutsideItsWindowIsAllowed() {
			at(MONDAY_SEVEN_PM);
			assertThat(update("BILLER", "PROVIDER").getCode()).isEqualTo(Status.Code.OK);
			assertThat(read("window-read-004", "BILLER", "PROVIDER").getCode())
				.isEqualTo(Status.Code.PERMISSION_DENIED);
		}

		@Test
		void auditRecordWhenOutsideTheWindowHoldsTheTokenRoles() {
			at(MONDAY_SEVEN_PM);
			read("window-audit-01", "BILLER");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> count("window-audit-01") == 1 && this.writer.getQueueDepth() == 0);
			Map<String, Object> record = this.jdbc
				.queryForMap("select * from hipaa_grpc_audit_record where correlation_id = ?", "window-audit-01");
			assertThat(record.get("status_code")).isEqualTo("PERMISSION_DENIED");
			assertThat(record.get("principal")).isEqualTo("biller-1");
			assertThat(record.get("roles")).isEqualTo("BILLER");
		}

		int count(String correlationId) {
			Integer count = this.jdbc.queryForObject(
					"select count(*) from hipaa_grpc_audit_record where correlation_id = ?", Integer.class,
					correlationId);
			return (count != null) ? count : 0;
		}

	}

	/**
	 * A long cache interval: a changed property waits for it, a change event does not.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "hipaa.grpc.access.time-windows.BILLER=MON-FRI 08:00-18:00",
					"hipaa.grpc.access.time-zone=UTC", "hipaa.grpc.access.policy.cache-ttl=1h" })
	class LongCacheTests extends WindowTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void readWhenPolicyChangesKeepsTheCachedDecisionUntilAChangeEvent() {
			at(MONDAY_TEN);
			assertThat(read("window-cache-01", "BILLER").getCode()).isEqualTo(Status.Code.OK);
			rebindTimeWindow("BILLER", "SAT 00:00-01:00");
			assertThat(read("window-cache-02", "BILLER").getCode()).isEqualTo(Status.Code.OK);
			this.context.publishEvent(new HipaaGrpcAccessPolicyChangedEvent(this));
			assertThat(read("window-cache-03", "BILLER").getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		}

	}

	/**
	 * A short cache interval: a changed property reaches the calls after it.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "hipaa.grpc.access.time-windows.BILLER=MON-FRI 08:00-18:00",
					"hipaa.grpc.access.time-zone=UTC", "hipaa.grpc.access.policy.cache-ttl=1s" })
	class ShortCacheTests extends WindowTests {

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@Test
		void readWhenPolicyChangesTakesTheNewDecisionAfterTheCacheInterval() {
			at(MONDAY_TEN);
			assertThat(read("window-cache-04", "BILLER").getCode()).isEqualTo(Status.Code.OK);
			rebindTimeWindow("BILLER", "SAT 00:00-01:00");
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> read("window-cache-05", "BILLER").getCode() == Status.Code.PERMISSION_DENIED);
			rebindTimeWindow("BILLER", "MON 09:00-11:00");
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> read("window-cache-06", "BILLER").getCode() == Status.Code.OK);
		}

	}

	/**
	 * Application with the guarded service and a clock the tests move.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		MutableClock clock() {
			return new MutableClock(MONDAY_TEN);
		}

		@Bean
		BillingRecordsService billingRecordsService() {
			return new BillingRecordsService();
		}

	}

	/**
	 * Service whose reads are for billers and whose updates are for providers.
	 */
	static class BillingRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('BILLER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			responseObserver.onNext(RecordReply.newBuilder().setId(request.getId()).build());
			responseObserver.onCompleted();
		}

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			responseObserver.onNext(RecordReply.newBuilder().setId(request.getId()).build());
			responseObserver.onCompleted();
		}

	}

}
