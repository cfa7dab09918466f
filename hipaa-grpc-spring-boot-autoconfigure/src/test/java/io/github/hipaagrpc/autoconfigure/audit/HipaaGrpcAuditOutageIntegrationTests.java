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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.error.CorrelationId;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the audit trail under load and through a database outage, against a real
 * PostgreSQL that is stopped and started again on the same port and data: nothing served
 * goes unaudited and nothing is lost.
 */
@TestInstance(Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcAuditOutageIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final String CHAIN_KEY = "audit-chain-key-for-outage-tests-0123456789";

	static final String PRINCIPAL = "dr-load";

	static final RestartablePostgres failClosedDatabase = new RestartablePostgres();

	static final RestartablePostgres synchronousDatabase = new RestartablePostgres();

	@AfterAll
	void stop() throws IOException {
		support.close();
		failClosedDatabase.stop();
		synchronousDatabase.stop();
	}

	static void registerProperties(DynamicPropertyRegistry registry, RestartablePostgres database) throws IOException {
		support.registerProperties(registry);
		database.start();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	/**
	 * What both modes share: load, an outage and the checks of what was served.
	 */
	abstract static class LoadTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		JdbcTemplate jdbc;

		@Autowired
		HipaaGrpcAuditWriter writer;

		@Autowired
		HipaaGrpcAuditIntegrity integrity;

		abstract RestartablePostgres database();

		Status call(ManagedChannel channel, String token, String correlationId) {
			Metadata headers = new Metadata();
			headers.put(CorrelationId.METADATA_KEY, correlationId);
			try {
				TestRecordsGrpc.newBlockingStub(channel)
					.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
					.withCallCredentials(SecuredChannels.bearer(token))
					.withDeadlineAfter(30, TimeUnit.SECONDS)
					.read(RecordRequest.newBuilder().setId("1").build());
				return Status.OK;
			}
			catch (StatusRuntimeException ex) {
				return ex.getStatus();
			}
		}

		int recordsOf(String prefix) {
			Integer count = this.jdbc.queryForObject(
					"select count(*) from hipaa_grpc_audit_record where correlation_id like ?", Integer.class,
					prefix + "%");
			return (count != null) ? count : 0;
		}

		Set<String> correlationIdsOf(String prefix) {
			return Set.copyOf(this.jdbc.queryForList(
					"select correlation_id from hipaa_grpc_audit_record where correlation_id like ?", String.class,
					prefix + "%"));
		}

		Load load(String prefix, int threads) {
			return new Load(support.channel(this.port), support.minter().token(PRINCIPAL, "PROVIDER"), prefix, threads);
		}

		void awaitRecorded(String prefix, Set<String> served) {
			await().atMost(Duration.ofMinutes(2)).until(() -> correlationIdsOf(prefix).containsAll(served));
			await().atMost(Duration.ofMinutes(2)).until(() -> this.writer.getQueueDepth() == 0);
		}

		@Test
		void callsWhenDatabaseStopsDuringLoadAreAllAuditedOnceItReturns(CapturedOutput output) throws Exception {
			Load load = load("outage-", 4);
			load.start(this);
			await().atMost(Duration.ofMinutes(1)).until(() -> load.served.size() >= 200);
			database().stop();
			await().atMost(Duration.ofMinutes(1)).until(() -> load.refused.get() > 0);
			int servedDuringOutage = load.served.size();
			database().start();
			await().atMost(Duration.ofMinutes(2)).until(() -> load.served.size() >= servedDuringOutage + 200);
			load.stop();
			awaitRecorded("outage-", load.served);
			assertThat(recordsOf("outage-")).isEqualTo(correlationIdsOf("outage-").size());
			assertThat(this.writer.getLost()).isZero();
			assertThat(this.integrity.verify().isIntact()).isTrue();
			assertThat(output).as("failed inserts were logged").contains("Audit records cannot be stored");
			assertThat(output).as("values of failed audit inserts in the log").doesNotContain(PRINCIPAL);
		}

	}

	/**
	 * Fail-closed mode, the default: calls are refused once records cannot be stored.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "hipaa.grpc.rate-limit.enabled=false", "hipaa.grpc.audit.chain-key=" + CHAIN_KEY,
					"hipaa.grpc.audit.jdbc.initialize-schema=always", "hipaa.grpc.audit.fail-closed-after=1s",
					"hipaa.grpc.audit.queue.capacity=50000", "hipaa.grpc.audit.shutdown-timeout=2s",
					"hipaa.grpc.tls.stream-resets.max-count=1000000",
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500" })
	// Refusing thousands of calls made the client reset streams beyond the default
	// budget (GOAWAY too_many_rststreams seen, with four calls ending neither OK nor
	// UNAVAILABLE): a transport limit that docs/transport.md describes, not what this
	// test is about, so it is raised here.
	class FailClosedTests extends LoadTests {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) throws IOException {
			registerProperties(registry, failClosedDatabase);
		}

		@Override
		RestartablePostgres database() {
			return failClosedDatabase;
		}

		@Test
		void callsWhenSustainedBurstEndsAreEveryOneRecordedOnce() throws Exception {
			int calls = 20_000;
			Load load = load("burst-", 8);
			load.run(this, calls);
			assertThat(load.served).hasSize(calls);
			awaitRecorded("burst-", load.served);
			assertThat(recordsOf("burst-")).isEqualTo(calls);
			assertThat(this.writer.getLost()).isZero();
			assertThat(this.integrity.verify().isIntact()).isTrue();
		}

	}

	/**
	 * Synchronous mode: a call is acknowledged only once its record is committed.
	 */
	@Nested
	@SpringBootTest(classes = ServiceConfiguration.class, webEnvironment = WebEnvironment.NONE,
			properties = { "hipaa.grpc.rate-limit.enabled=false", "hipaa.grpc.audit.chain-key=" + CHAIN_KEY,
					"hipaa.grpc.audit.mode=synchronous", "hipaa.grpc.audit.jdbc.initialize-schema=always",
					"hipaa.grpc.audit.synchronous-timeout=1s", "hipaa.grpc.audit.shutdown-timeout=2s",
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=500" })
	class SynchronousTests extends LoadTests {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) throws IOException {
			registerProperties(registry, synchronousDatabase);
		}

		@Override
		RestartablePostgres database() {
			return synchronousDatabase;
		}

		@Test
		void callWhenAcknowledgedHasItsRecordCommittedAlready() throws InterruptedException {
			ManagedChannel channel = support.channel(this.port);
			try {
				String token = support.minter().token("dr-sync", "PROVIDER");
				for (int i = 0; i < 200; i++) {
					String correlationId = "sync-" + String.format("%06d", i);
					assertThat(call(channel, token, correlationId).getCode()).isEqualTo(Status.Code.OK);
					assertThat(recordsOf(correlationId)).isEqualTo(1);
				}
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * Client threads calling with distinct correlation ids, keeping the ids of the calls
	 * the server acknowledged.
	 */
	static final class Load {

		final Set<String> served = ConcurrentHashMap.newKeySet();

		final AtomicInteger refused = new AtomicInteger();

		final Map<String, AtomicInteger> other = new ConcurrentHashMap<>();

		private final ManagedChannel channel;

		private final String token;

		private final String prefix;

		private final int threads;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService executor;

		private final List<Future<?>> futures = new ArrayList<>();

		Load(ManagedChannel channel, String token, String prefix, int threads) {
			this.channel = channel;
			this.token = token;
			this.prefix = prefix;
			this.threads = threads;
			this.executor = Executors.newFixedThreadPool(threads);
		}

		void start(LoadTests tests) {
			for (int thread = 0; thread < this.threads; thread++) {
				int t = thread;
				this.futures.add(this.executor.submit(() -> {
					for (int i = 0; this.running.get(); i++) {
						callOnce(tests, t, i);
					}
				}));
			}
		}

		void run(LoadTests tests, int calls) throws Exception {
			int perThread = calls / this.threads;
			for (int thread = 0; thread < this.threads; thread++) {
				int t = thread;
				this.futures.add(this.executor.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						callOnce(tests, t, i);
					}
				}));
			}
			stop();
		}

		private void callOnce(LoadTests tests, int thread, int call) {
			String correlationId = this.prefix + thread + "-" + String.format("%07d", call);
			Status status = tests.call(this.channel, this.token, correlationId);
			Status.Code code = status.getCode();
			if (code == Status.Code.OK) {
				this.served.add(correlationId);
			}
			else if (code == Status.Code.UNAVAILABLE) {
				this.refused.incrementAndGet();
			}
			else {
				this.other.computeIfAbsent(code + " " + status.getDescription(), (key) -> new AtomicInteger())
					.incrementAndGet();
			}
		}

		void stop() throws Exception {
			this.running.set(false);
			for (Future<?> future : this.futures) {
				future.get(5, TimeUnit.MINUTES);
			}
			this.executor.shutdown();
			this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			assertThat(this.other).as("calls that ended neither OK nor UNAVAILABLE").isEmpty();
		}

	}

	/**
	 * Embedded PostgreSQL that keeps its port and data across a stop and a start.
	 */
	static final class RestartablePostgres {

		private @Nullable Path directory;

		private int port;

		private @Nullable EmbeddedPostgres postgres;

		synchronized void start() throws IOException {
			if (this.postgres != null) {
				return;
			}
			if (this.directory == null) {
				this.directory = Files.createTempDirectory("hipaa-grpc-audit-pg");
				try (ServerSocket socket = new ServerSocket(0)) {
					this.port = socket.getLocalPort();
				}
			}
			this.postgres = EmbeddedPostgres.builder()
				.setDataDirectory(this.directory)
				.setCleanDataDirectory(false)
				.setPort(this.port)
				.start();
		}

		synchronized void stop() throws IOException {
			EmbeddedPostgres running = this.postgres;
			if (running != null) {
				this.postgres = null;
				running.close();
			}
		}

		String jdbcUrl() {
			return "jdbc:postgresql://localhost:" + this.port + "/postgres";
		}

	}

	/**
	 * Application with a service that answers every provider.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServiceConfiguration {

		@Bean
		LoadRecordsService loadRecordsService() {
			return new LoadRecordsService();
		}

	}

	/**
	 * Service that answers at once.
	 */
	static class LoadRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			responseObserver.onNext(RecordReply.newBuilder().setId(request.getId()).build());
			responseObserver.onCompleted();
		}

	}

}
