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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.github.hipaagrpc.audit.HipaaGrpcAuditRecord.Decision;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter.Checkpoint;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter.Settings;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter.Ticket;
import io.github.hipaagrpc.security.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcAuditWriter}.
 */
class HipaaGrpcAuditWriterTests {

	private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

	private static final String CHAIN_ID = "replica-a-0c0ffee0";

	private static final Duration FAIL_CLOSED_AFTER = Duration.ofSeconds(5);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final InMemoryAuditStore store = new InMemoryAuditStore();

	private final HipaaGrpcAuditChain chain = new HipaaGrpcAuditChain(
			"audit-chain-key-for-tests-only-0123456789".getBytes(StandardCharsets.UTF_8));

	private final MutableClock clock = new MutableClock(START);

	private final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();

	private final List<HipaaGrpcAuditWriter> writers = new ArrayList<>();

	@AfterEach
	void stopWriters() {
		this.store.recover();
		this.writers.forEach(HipaaGrpcAuditWriter::stop);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void checkpointWhenIntervalPassesPublishesTheCommittedHeadInTheLog(CapturedOutput output) {
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100);
		correlationIds("checkpoint", 3).forEach((id) -> record(writer, id));
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == 4);
		Checkpoint head = writer.getHead();
		this.clock.advance(Duration.ofMinutes(1));
		await().atMost(PATIENCE).until(() -> this.checkpoints.contains(head));
		assertThat(output).contains("Audit chain '" + CHAIN_ID + "' checkpoint: length 4, head '" + head.hash() + "'");
		int published = this.checkpoints.size();
		this.clock.advance(Duration.ofMinutes(1));
		await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> this.checkpoints.size() == published);
	}

	@Test
	void writerWhenRecordsArriveInBatchesLinksThemIntoOneChain() {
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100, 3, SHUTDOWN_TIMEOUT);
		List<String> ids = correlationIds("chain", 10);
		ids.forEach((id) -> record(writer, id));
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == 11);
		List<HipaaGrpcAuditEntry> entries = this.store.entries();
		assertThat(this.store.attempts()).hasSizeGreaterThanOrEqualTo(4);
		assertThat(entries).hasSize(11);
		assertThat(entries.get(0).getEventType()).isEqualTo(HipaaGrpcAuditWriter.CHAIN_STARTED);
		assertThat(entries.subList(1, 11)).extracting(HipaaGrpcAuditEntry::getCorrelationId)
			.containsExactlyElementsOf(ids);
		assertLinkedChain(entries);
		assertThat(writer.getHead()).isEqualTo(new Checkpoint(CHAIN_ID, 11, entries.get(10).getRecordHash()));
		assertThat(writer.getWritten()).isEqualTo(11);
	}

	@Test
	void admitWhenStoringHasFailedForFailClosedAfterRefusesCallsButExemptOnes() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100);
		awaitFailing(writer);
		this.clock.advance(FAIL_CLOSED_AFTER.minusMillis(1));
		assertThat(writer.isFailClosed()).isFalse();
		assertThat(writer.admit(false)).isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(writer.isFailClosed()).isTrue();
		assertThat(writer.admit(false)).isNull();
		assertThat(writer.admit(true)).isNotNull();
		assertThat(writer.getRefused()).isOne();
		this.store.recover();
		await().atMost(PATIENCE).until(() -> !writer.isFailClosed());
		assertThat(writer.admit(false)).isNotNull();
	}

	@Test
	void admitWhenQueueCapacityIsUsedUpRefusesCallsButExemptOnes() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 2);
		awaitFailing(writer);
		record(writer, "full-1");
		record(writer, "full-2");
		assertThat(writer.isFailClosed()).isFalse();
		assertThat(writer.admit(false)).isNull();
		assertThat(writer.admit(true)).isNotNull();
		assertThat(writer.getRefused()).isOne();
		this.store.recover();
		await().atMost(PATIENCE).until(() -> this.store.holds("full-2"));
		await().atMost(PATIENCE).until(() -> writer.admit(false) != null);
	}

	@Test
	void refusedWhenRoomIsLeftWritesTheRecordOfTheRefusedCall() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100);
		awaitFailing(writer);
		this.clock.advance(FAIL_CLOSED_AFTER);
		assertThat(writer.admit(false)).isNull();
		writer.refused(call("refused-1", Decision.REFUSED));
		this.store.recover();
		await().atMost(PATIENCE).until(() -> this.store.holds("refused-1"));
		writer.stop();
		assertThat(this.store.entries()).filteredOn((entry) -> "refused-1".equals(entry.getCorrelationId()))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.getDecision()).isEqualTo(Decision.REFUSED);
				assertThat(entry.getStatusCode()).isEqualTo("UNAVAILABLE");
			});
		assertThat(this.store.events(HipaaGrpcAuditWriter.CALLS_REFUSED)).isEmpty();
		assertThat(writer.getRefused()).isOne();
	}

	@Test
	void refusedWhenNoRoomIsLeftIsCountedAndReportedInOneEventOnceStoringRecovers() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 1);
		awaitFailing(writer);
		record(writer, "held-1");
		List<String> refusedIds = correlationIds("refused", 3);
		refusedIds.forEach((id) -> {
			assertThat(writer.admit(false)).isNull();
			writer.refused(call(id, Decision.REFUSED));
		});
		this.store.recover();
		await().atMost(PATIENCE).until(() -> !this.store.events(HipaaGrpcAuditWriter.CALLS_REFUSED).isEmpty());
		writer.stop();
		assertThat(this.store.events(HipaaGrpcAuditWriter.CALLS_REFUSED)).singleElement()
			.satisfies((event) -> assertThat(event.getDetail()).startsWith("3 refused calls since '" + START + "'"));
		assertThat(this.store.correlationIds()).contains("held-1").doesNotContainAnyElementsOf(refusedIds);
		assertThat(writer.getRefused()).isEqualTo(3);
		assertLinkedChain(this.store.entries());
	}

	@Test
	void writerWhenStoreFailsAndRecoversStoresEveryAdmittedRecordOnceInOrder() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100, 4, SHUTDOWN_TIMEOUT);
		awaitFailing(writer);
		List<String> ids = correlationIds("outage", 30);
		ids.forEach((id) -> record(writer, id));
		await().atMost(PATIENCE).until(() -> this.store.attempts().size() >= 3);
		this.store.recover();
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == 31);
		List<HipaaGrpcAuditEntry> entries = this.store.entries();
		assertThat(entries).hasSize(31);
		assertThat(entries.get(0).getEventType()).isEqualTo(HipaaGrpcAuditWriter.CHAIN_STARTED);
		assertThat(entries.subList(1, 31)).extracting(HipaaGrpcAuditEntry::getCorrelationId)
			.containsExactlyElementsOf(ids);
		assertLinkedChain(entries);
		assertThat(writer.getWritten()).isEqualTo(31);
		assertThat(writer.getLost()).isZero();
		assertThat(writer.getFailingSince()).isNull();
	}

	@Test
	void writerWhenCommitAcknowledgementIsLostDoesNotStoreTheBatchTwice() {
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100);
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == 1);
		this.store.loseNextAcknowledgement();
		correlationIds("late", 5).forEach((id) -> record(writer, id));
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == 6);
		record(writer, "after-late");
		await().atMost(PATIENCE).until(() -> writer.getHead().length() == 7);
		List<HipaaGrpcAuditEntry> entries = this.store.entries();
		assertThat(entries).hasSize(7);
		assertThat(entries).extracting(HipaaGrpcAuditEntry::getId).doesNotHaveDuplicates();
		assertLinkedChain(entries);
		assertThat(writer.getWritten()).isEqualTo(7);
		assertThat(writer.getLost()).isZero();
	}

	@Test
	void ticketWhenSynchronousCompletesOnlyAfterTheStoreHoldsTheRecord() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.SYNCHRONOUS, 100);
		awaitFailing(writer);
		CompletableFuture<Void> stored = admit(writer).write(call("sync-1", Decision.ALLOWED));
		AtomicBoolean heldWhenCompleted = new AtomicBoolean();
		CompletableFuture<Void> checked = stored.thenRun(() -> heldWhenCompleted.set(this.store.holds("sync-1")));
		int attempts = this.store.attempts().size();
		await().atMost(PATIENCE).until(() -> this.store.attempts().size() >= attempts + 2);
		assertThat(stored).isNotDone();
		this.store.recover();
		assertThat(checked).succeedsWithin(PATIENCE);
		assertThat(heldWhenCompleted).isTrue();
	}

	@Test
	void ticketWhenFailClosedCompletesWithoutWaitingForTheStore() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100);
		awaitFailing(writer);
		assertThat(admit(writer).write(call("async-1", Decision.ALLOWED))).isDone();
		assertThat(this.store.holds("async-1")).isFalse();
	}

	@Test
	void ticketWhenBestEffortAndQueueIsFullCountsTheRecordAsLost() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.BEST_EFFORT, 2);
		awaitFailing(writer);
		this.clock.advance(FAIL_CLOSED_AFTER.multipliedBy(2));
		List<Ticket> tickets = IntStream.range(0, 3).mapToObj((i) -> admit(writer)).toList();
		assertThat(writer.isFailClosed()).isFalse();
		assertThat(tickets.get(0).write(call("best-1", Decision.ALLOWED))).isDone();
		assertThat(tickets.get(1).write(call("best-2", Decision.ALLOWED))).isDone();
		assertThat(writer.getLost()).isZero();
		assertThat(tickets.get(2).write(call("best-3", Decision.ALLOWED))).isDone();
		assertThat(writer.getLost()).isOne();
		this.store.recover();
		await().atMost(PATIENCE).until(() -> this.store.holds("best-2"));
		writer.stop();
		assertThat(this.store.correlationIds()).contains("best-1", "best-2").doesNotContain("best-3");
		assertThat(writer.getLost()).isOne();
		assertThat(writer.getRefused()).isZero();
	}

	@Test
	void stopWhenRecordsAreQueuedDrainsTheQueueAndClosesTheChain() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100, 5, SHUTDOWN_TIMEOUT);
		awaitFailing(writer);
		List<String> ids = correlationIds("drain", 20);
		ids.forEach((id) -> record(writer, id));
		assertThat(writer.getQueueDepth()).isEqualTo(20);
		this.store.recover();
		writer.stop();
		List<HipaaGrpcAuditEntry> entries = this.store.entries();
		assertThat(entries).hasSize(22);
		assertThat(entries.subList(1, 21)).extracting(HipaaGrpcAuditEntry::getCorrelationId)
			.containsExactlyElementsOf(ids);
		assertThat(entries.get(21).getEventType()).isEqualTo(HipaaGrpcAuditWriter.CHAIN_CLOSED);
		assertLinkedChain(entries);
		assertThat(writer.isRunning()).isFalse();
		assertThat(writer.getQueueDepth()).isZero();
		assertThat(writer.getLost()).isZero();
		assertThat(this.checkpoints).last().isEqualTo(writer.getHead());
		assertThat(writer.getHead().length()).isEqualTo(22);
	}

	@Test
	void stopWhenStoreKeepsFailingEndsAfterShutdownTimeoutAndCountsTheRestAsLost() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.FAIL_CLOSED, 100, 500, Duration.ofMillis(500));
		awaitFailing(writer);
		correlationIds("doomed", 3).forEach((id) -> record(writer, id));
		long begin = System.nanoTime();
		writer.stop();
		Duration stopping = Duration.ofNanos(System.nanoTime() - begin);
		assertThat(stopping).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(PATIENCE);
		assertThat(writer.getLost()).isEqualTo(5);
		assertThat(writer.getQueueDepth()).isZero();
		assertThat(writer.isRunning()).isFalse();
		assertThat(this.store.entries()).isEmpty();
	}

	@Test
	void stopWhenStoreKeepsFailingFailsCallsWaitingForTheirRecords() {
		this.store.fail();
		HipaaGrpcAuditWriter writer = start(HipaaGrpcAuditMode.SYNCHRONOUS, 100, 500, Duration.ofMillis(200));
		awaitFailing(writer);
		CompletableFuture<Void> stored = admit(writer).write(call("sync-stop", Decision.ALLOWED));
		writer.stop();
		assertThat(stored).isCompletedExceptionally();
	}

	private HipaaGrpcAuditWriter start(HipaaGrpcAuditMode mode, int capacity) {
		return start(mode, capacity, 500, SHUTDOWN_TIMEOUT);
	}

	private HipaaGrpcAuditWriter start(HipaaGrpcAuditMode mode, int capacity, int batchSize, Duration shutdownTimeout) {
		Settings settings = new Settings("replica-a", CHAIN_ID, mode, capacity, batchSize, FAIL_CLOSED_AFTER,
				Duration.ofMinutes(1), shutdownTimeout);
		HipaaGrpcAuditWriter writer = new HipaaGrpcAuditWriter(this.store, this.chain, settings, this.checkpoints::add,
				this.clock);
		this.writers.add(writer);
		writer.start();
		return writer;
	}

	private void awaitFailing(HipaaGrpcAuditWriter writer) {
		await().atMost(PATIENCE).until(() -> writer.getFailingSince() != null);
	}

	private void assertLinkedChain(List<HipaaGrpcAuditEntry> entries) {
		String previous = HipaaGrpcAuditChain.GENESIS;
		for (int i = 0; i < entries.size(); i++) {
			HipaaGrpcAuditEntry entry = entries.get(i);
			assertThat(entry.getChainId()).isEqualTo(CHAIN_ID);
			assertThat(entry.getChainSequence()).isEqualTo(i + 1);
			assertThat(entry.getPreviousHash()).isEqualTo(previous);
			assertThat(entry.getKeyId()).isEqualTo(this.chain.keyId());
			assertThat(entry.getRecordHash()).isEqualTo(this.chain.hash(previous, entry));
			previous = entry.getRecordHash();
		}
	}

	private static Ticket admit(HipaaGrpcAuditWriter writer) {
		Ticket ticket = writer.admit(false);
		if (ticket == null) {
			throw new AssertionError("Call was refused");
		}
		return ticket;
	}

	private static void record(HipaaGrpcAuditWriter writer, String correlationId) {
		assertThat(admit(writer).write(call(correlationId, Decision.ALLOWED))).isDone();
	}

	private static List<String> correlationIds(String prefix, int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> prefix + "-" + i).toList();
	}

	private static HipaaGrpcAuditRecord call(String correlationId, Decision decision) {
		String status = (decision != Decision.REFUSED) ? "OK" : "UNAVAILABLE";
		return new HipaaGrpcAuditRecord(START, HipaaGrpcAuditRecord.Type.CALL, null, correlationId,
				"hipaagrpc.test.v1.TestRecords/Read", "dr-alice", "clinic-portal", "PROVIDER", "jwt", null, "127.0.0.1",
				null, null, "Patient/FAKE-PT-0001", decision, status, 1200L, null);
	}

}
