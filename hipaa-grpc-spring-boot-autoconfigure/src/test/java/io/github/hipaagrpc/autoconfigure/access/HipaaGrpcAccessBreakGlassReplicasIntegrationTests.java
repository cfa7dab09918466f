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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.access.HipaaGrpcAccessBreakGlassInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrant;
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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for break-glass emergency access across two replicas on one PostgreSQL database:
 * a grant made through one replica is honoured by the other, and both end it at the same
 * instant.
 */
class HipaaGrpcAccessBreakGlassReplicasIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T09:00:00Z"));

	static final String REASON = "Cardiac arrest on ward 7, medication history needed";

	private static EmbeddedPostgres postgres;

	private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

	@BeforeAll
	static void startReplicas() throws IOException {
		postgres = EmbeddedPostgres.start();
		replicas.add(startReplica("replica-a"));
		replicas.add(startReplica("replica-b"));
	}

	@AfterAll
	static void stopReplicas() throws IOException {
		replicas.forEach(ConfigurableApplicationContext::close);
		postgres.close();
		support.close();
	}

	private static ConfigurableApplicationContext startReplica(String name) throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		support.registerProperties((property, value) -> properties.put(property, value.get()));
		properties.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
		properties.put("spring.datasource.username", "postgres");
		properties.put("hipaa.grpc.audit.replica", name);
		properties.put("hipaa.grpc.audit.chain-key", "break-glass-replicas-chain-key-of-32-bytes");
		properties.put("hipaa.grpc.audit.jdbc.initialize-schema", "always");
		properties.put("hipaa.grpc.access.break-glass.enabled", true);
		properties.put("hipaa.grpc.access.break-glass.roles", "PROVIDER");
		properties.put("hipaa.grpc.access.break-glass.duration", "10m");
		properties.put("hipaa.grpc.access.break-glass.initialize-schema", "always");
		return new SpringApplicationBuilder(ReplicaConfiguration.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

	@Test
	void grantWhenMadeThroughOneReplicaIsHonouredByTheOtherAndBothEndIt() {
		String token = support.minter()
			.token()
			.subject("dr-replicas")
			.roles("PROVIDER")
			.claim("facility", "A")
			.claim("purpose_of_use", "ETREAT")
			.build();
		String grantId = read(replicas.get(0), "bg-replicas-001", token, REASON).getPrincipal();
		assertThat(grantId).isNotEqualTo("none");
		assertThat(read(replicas.get(1), "bg-replicas-002", token, null).getPrincipal()).isEqualTo(grantId);
		JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
		assertThat(jdbc.queryForMap("select * from hipaa_grpc_emergency_grant where id = ?", grantId))
			.containsEntry("replica", "replica-a")
			.containsEntry("principal", "dr-replicas");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(jdbc.queryForList(
					"select emergency_grant from hipaa_grpc_audit_record where correlation_id = ? and replica = ?",
					String.class, "bg-replicas-002", "replica-b"))
				.containsExactly(grantId));
		clock.advance(Duration.ofMinutes(10));
		for (ConfigurableApplicationContext replica : replicas) {
			assertThat(status(replica, token)).isEqualTo(Status.Code.PERMISSION_DENIED);
		}
	}

	private static RecordReply read(ConfigurableApplicationContext replica, String correlationId, String token,
			@Nullable String reason) {
		int port = replica.getEnvironment().getRequiredProperty("local.grpc.server.port", Integer.class);
		ManagedChannel channel = support.channel(port);
		try {
			Metadata headers = new Metadata();
			headers.put(CorrelationId.METADATA_KEY, correlationId);
			if (reason != null) {
				headers.put(HipaaGrpcAccessBreakGlassInterceptor.REASON_HEADER, reason);
			}
			return TestRecordsGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.withCallCredentials(SecuredChannels.bearer(token))
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.read(RecordRequest.newBuilder().setId("B").build());
		}
		finally {
			channel.shutdownNow();
		}
	}

	private static Status.Code status(ConfigurableApplicationContext replica, String token) {
		try {
			read(replica, "bg-replicas-003", token, null);
			return Status.Code.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode();
		}
	}

	/**
	 * One replica: the guarded service and the clock all replicas share.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReplicaConfiguration {

		@Bean
		Clock clock() {
			return clock;
		}

		@Bean
		EmergencyRecordsService emergencyRecordsService() {
			return new EmergencyRecordsService();
		}

	}

	/**
	 * Service readable at the caller's facility for treatment or anywhere in an
	 * emergency; the reply's principal field names the grant the call ran under.
	 */
	static class EmergencyRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('PROVIDER') and (@hipaa.purposeIs('TREAT') and @hipaa.atFacility(#request.id) "
				+ "or @hipaa.emergency())")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			HipaaGrpcAccessEmergencyGrant grant = HipaaGrpcAccessEmergencyGrant.current();
			responseObserver.onNext(RecordReply.newBuilder()
				.setId(request.getId())
				.setPrincipal((grant != null) ? grant.id() : "none")
				.build());
			responseObserver.onCompleted();
		}

	}

}
