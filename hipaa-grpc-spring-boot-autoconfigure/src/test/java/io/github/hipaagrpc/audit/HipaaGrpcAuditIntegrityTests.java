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

package io.github.hipaagrpc.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrityReport.ChainReport;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrityReport.Kind;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRecord.Decision;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter.Checkpoint;
import io.github.hipaagrpc.autoconfigure.audit.HipaaGrpcAuditAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcAuditIntegrity} with the audit trail's own JPA persistence
 * unit on H2, tampered with through plain JDBC.
 */
class HipaaGrpcAuditIntegrityTests {

	private static final String CHAIN_KEY = "audit-chain-key-for-tests-only-0123456789";

	private static final String TABLE = "hipaa_grpc_audit_record";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, HipaaGrpcAuditAutoConfiguration.class))
		.withPropertyValues("hipaa.grpc.audit.replica=replica-under-test", "hipaa.grpc.audit.chain-key=" + CHAIN_KEY);

	@Test
	void verifyWhenChainIsUntouchedReportsItIntactAndClosedOnceTheWriterStops() {
		this.contextRunner.run((context) -> {
			HipaaGrpcAuditWriter writer = context.getBean(HipaaGrpcAuditWriter.class);
			HipaaGrpcAuditIntegrity integrity = context.getBean(HipaaGrpcAuditIntegrity.class);
			writeCalls(writer, 5);
			ChainReport running = onlyChain(integrity.verify());
			assertThat(running.problem()).isNull();
			assertThat(running.length()).isEqualTo(6);
			assertThat(running.closed()).isFalse();
			writer.stop();
			HipaaGrpcAuditIntegrityReport report = integrity.verify();
			assertThat(report.isIntact()).isTrue();
			ChainReport stopped = onlyChain(report);
			assertThat(stopped.chainId()).isEqualTo(writer.getHead().chainId());
			assertThat(stopped.length()).isEqualTo(7);
			assertThat(stopped.head()).isEqualTo(writer.getHead().hash());
			assertThat(stopped.closed()).isTrue();
		});
	}

	@Test
	void verifyWhenAColumnOfAMiddleEntryIsChangedReportsItAlteredAtThatEntry() {
		this.contextRunner.run((context) -> {
			HipaaGrpcAuditWriter writer = context.getBean(HipaaGrpcAuditWriter.class);
			HipaaGrpcAuditIntegrity integrity = context.getBean(HipaaGrpcAuditIntegrity.class);
			JdbcTemplate jdbc = jdbc(context);
			writeCalls(writer, 5);
			tamperings().forEach((column, expression) -> {
				Object original = jdbc.queryForObject("select " + column + " from " + TABLE + " where chain_seq = 3",
						Object.class);
				jdbc.update("update " + TABLE + " set " + column + " = " + expression + " where chain_seq = 3");
				assertProblem(onlyChain(integrity.verify()), Kind.ALTERED, 3, column);
				jdbc.update("update " + TABLE + " set " + column + " = ? where chain_seq = 3", original);
				assertThat(integrity.verify().isIntact()).as(column).isTrue();
			});
		});
	}

	@Test
	void verifyWhenAMiddleEntryIsDeletedReportsItMissing() {
		this.contextRunner.run((context) -> {
			HipaaGrpcAuditWriter writer = context.getBean(HipaaGrpcAuditWriter.class);
			writeCalls(writer, 5);
			jdbc(context).update("delete from " + TABLE + " where chain_seq = 3");
			ChainReport chain = onlyChain(context.getBean(HipaaGrpcAuditIntegrity.class).verify());
			assertProblem(chain, Kind.MISSING, 3, "deleted entry");
			assertThat(chain.length()).isEqualTo(2);
		});
	}

	@Test
	void verifyWhenTheTailIsCutReportsItTruncatedAgainstTheLiveHead() {
		this.contextRunner.run((context) -> {
			HipaaGrpcAuditWriter writer = context.getBean(HipaaGrpcAuditWriter.class);
			writeCalls(writer, 5);
			jdbc(context).update("delete from " + TABLE + " where chain_seq > 4");
			ChainReport chain = onlyChain(context.getBean(HipaaGrpcAuditIntegrity.class).verify());
			assertProblem(chain, Kind.TRUNCATED, 5, "cut tail");
			assertThat(chain.length()).isEqualTo(4);
		});
	}

	@Test
	void verifyWhenTheTailOfAnEarlierChainIsCutReportsItTruncatedAgainstItsCheckpoint() {
		this.contextRunner.run((context) -> {
			HipaaGrpcAuditWriter earlier = writer(context, "replica-earlier-0001",
					context.getBean(HipaaGrpcAuditChain.class));
			earlier.start();
			writeCalls(earlier, 3);
			earlier.stop();
			Checkpoint checkpoint = earlier.getHead();
			assertThat(checkpoint.length()).isEqualTo(5);
			HipaaGrpcAuditIntegrity integrity = context.getBean(HipaaGrpcAuditIntegrity.class);
			assertThat(chain(integrity.verify(List.of(checkpoint)), "replica-earlier-0001").closed()).isTrue();
			jdbc(context).update("delete from " + TABLE + " where chain_id = ? and chain_seq > 3",
					"replica-earlier-0001");
			ChainReport unchecked = chain(integrity.verify(), "replica-earlier-0001");
			assertThat(unchecked.problem()).isNull();
			assertThat(unchecked.closed()).isFalse();
			HipaaGrpcAuditIntegrityReport report = integrity.verify(List.of(checkpoint));
			assertProblem(chain(report, "replica-earlier-0001"), Kind.TRUNCATED, 4, "checkpoint");
			assertThat(chain(report, context.getBean(HipaaGrpcAuditWriter.class).getHead().chainId()).problem())
				.isNull();
		});
	}

	@Test
	void verifyWhenEntriesWereWrittenWithAnotherKeyReportsTheKeyUnknown() {
		this.contextRunner.run((context) -> {
			HipaaGrpcAuditChain otherKey = new HipaaGrpcAuditChain(
					"another-audit-chain-key-for-tests-0123456789".getBytes(StandardCharsets.UTF_8));
			HipaaGrpcAuditWriter rogue = writer(context, "replica-rogue-0001", otherKey);
			rogue.start();
			writeCalls(rogue, 2);
			rogue.stop();
			HipaaGrpcAuditWriter writer = context.getBean(HipaaGrpcAuditWriter.class);
			await().atMost(PATIENCE).until(() -> writer.getHead().length() == 1);
			HipaaGrpcAuditIntegrityReport report = context.getBean(HipaaGrpcAuditIntegrity.class).verify();
			assertProblem(chain(report, "replica-rogue-0001"), Kind.UNKNOWN_KEY, 1, "other key");
			assertThat(chain(report, writer.getHead().chainId()).problem()).isNull();
			assertThat(report.isIntact()).isFalse();
		});
	}

	private static Map<String, String> tamperings() {
		Map<String, String> tamperings = new LinkedHashMap<>();
		tamperings.put("principal", "'someone-else'");
		tamperings.put("status_code", "'PERMISSION_DENIED'");
		tamperings.put("decision", "'DENIED'");
		tamperings.put("peer", "NULL");
		tamperings.put("detail", "'note'");
		tamperings.put("resource_reference", "'Patient/FAKE-PT-0002'");
		tamperings.put("duration_micros", "duration_micros + 1");
		tamperings.put("recorded_at", "recorded_at + INTERVAL '1' SECOND");
		tamperings.put("replica", "'replica-elsewhere'");
		tamperings.put("id", "RANDOM_UUID()");
		tamperings.put("record_hash", "previous_hash");
		tamperings.put("previous_hash", "record_hash");
		return tamperings;
	}

	private static void assertProblem(ChainReport chain, Kind kind, long sequence, String description) {
		assertThat(chain.problem()).as(description).isNotNull().satisfies((problem) -> {
			assertThat(problem.kind()).as(description).isEqualTo(kind);
			assertThat(problem.sequence()).as(description).isEqualTo(sequence);
		});
	}

	private static ChainReport onlyChain(HipaaGrpcAuditIntegrityReport report) {
		assertThat(report.chains()).hasSize(1);
		return report.chains().get(0);
	}

	private static ChainReport chain(HipaaGrpcAuditIntegrityReport report, String chainId) {
		return report.chains()
			.stream()
			.filter((chain) -> chain.chainId().equals(chainId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No report of chain '" + chainId + "'"));
	}

	private static JdbcTemplate jdbc(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class));
	}

	private static HipaaGrpcAuditWriter writer(AssertableApplicationContext context, String chainId,
			HipaaGrpcAuditChain chain) {
		HipaaGrpcAuditWriter.Settings settings = new HipaaGrpcAuditWriter.Settings("replica-other", chainId,
				HipaaGrpcAuditMode.FAIL_CLOSED, 100, 50, Duration.ofSeconds(5), Duration.ofMinutes(1),
				Duration.ofSeconds(20));
		return new HipaaGrpcAuditWriter(context.getBean(HipaaGrpcAuditStore.class), chain, settings, (checkpoint) -> {
		});
	}

	private static void writeCalls(HipaaGrpcAuditWriter writer, int count) {
		await().atMost(PATIENCE).until(() -> writer.getHead().length() >= 1);
		long length = writer.getHead().length() + count;
		for (int i = 1; i <= count; i++) {
			HipaaGrpcAuditWriter.Ticket ticket = writer.admit(false);
			if (ticket == null) {
				throw new AssertionError("Call was refused");
			}
			assertThat(ticket.write(call("integrity-" + i))).isDone();
		}
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == length);
	}

	private static HipaaGrpcAuditRecord call(String correlationId) {
		return new HipaaGrpcAuditRecord(Instant.now(), HipaaGrpcAuditRecord.Type.CALL, null, correlationId,
				"hipaagrpc.test.v1.TestRecords/Read", "dr-alice", "clinic-portal", "PROVIDER", "jwt", null, "127.0.0.1",
				null, null, "Patient/FAKE-PT-0001", Decision.ALLOWED, "OK", 1200L, null);
	}

}
