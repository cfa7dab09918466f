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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Writes audit records to a {@link HipaaGrpcAuditStore} from a bounded queue, in batches
 * of one transaction each, linking every entry into this replica's keyed hash chain.
 * Calls never wait on the database unless the mode is
 * {@link HipaaGrpcAuditMode#SYNCHRONOUS synchronous}.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditWriter implements SmartLifecycle {

	/**
	 * Lifecycle phase of the writer: it starts before and stops after the gRPC server, so
	 * that the records of the last calls are written before the context closes.
	 */
	public static final int PHASE = Integer.MIN_VALUE + 10_000;

	static final String CHAIN_STARTED = "audit.chain.started";

	static final String CHAIN_CLOSED = "audit.chain.closed";

	static final String CALLS_REFUSED = "audit.calls.refused";

	private static final Log logger = LogFactory.getLog(HipaaGrpcAuditWriter.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(50);

	private static final Duration LAST_RETRY = Duration.ofSeconds(2);

	/**
	 * How long stopping waits for the interrupted writer thread to count the batch it was
	 * retrying as lost, so that the counts are final when stopping returns.
	 */
	private static final Duration INTERRUPTED_STOP = Duration.ofSeconds(1);

	private final HipaaGrpcAuditStore store;

	private final HipaaGrpcAuditChain chain;

	private final Settings settings;

	private final Clock clock;

	private final Semaphore slots;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private final AtomicLong unreportedRefusals = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	private final Consumer<Checkpoint> checkpoints;

	private volatile @Nullable Instant failingSince;

	private volatile Checkpoint head;

	private volatile @Nullable Instant firstUnreportedRefusal;

	private volatile boolean running;

	private @Nullable Thread thread;

	private Checkpoint lastCheckpoint;

	private Instant nextCheckpoint;

	/**
	 * Create a writer.
	 * @param store where entries are kept
	 * @param chain the keyed hash chain
	 * @param settings how the writer works
	 * @param checkpoints told of each checkpoint of the chain's head
	 */
	public HipaaGrpcAuditWriter(HipaaGrpcAuditStore store, HipaaGrpcAuditChain chain, Settings settings,
			Consumer<Checkpoint> checkpoints) {
		this(store, chain, settings, checkpoints, Clock.systemUTC());
	}

	HipaaGrpcAuditWriter(HipaaGrpcAuditStore store, HipaaGrpcAuditChain chain, Settings settings,
			Consumer<Checkpoint> checkpoints, Clock clock) {
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(chain, "'chain' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(checkpoints, "'checkpoints' must not be null");
		this.store = store;
		this.chain = chain;
		this.settings = settings;
		this.clock = clock;
		this.checkpoints = checkpoints;
		this.slots = new Semaphore(settings.capacity());
		this.head = new Checkpoint(settings.chainId(), 0, HipaaGrpcAuditChain.GENESIS);
		this.lastCheckpoint = this.head;
		this.nextCheckpoint = clock.instant();
	}

	/**
	 * Admit a call: reserve room for its record, or refuse the call when the record could
	 * not be kept.
	 * @param exempt whether the call is served even when its record cannot be kept, as
	 * health probes are
	 * @return the ticket to write the call's record with, or {@code null} to refuse the
	 * call
	 */
	public @Nullable Ticket admit(boolean exempt) {
		if (this.settings.mode() == HipaaGrpcAuditMode.BEST_EFFORT || exempt) {
			return new Ticket(this.slots.tryAcquire());
		}
		if (isFailClosed() || !this.slots.tryAcquire()) {
			this.refused.incrementAndGet();
			return null;
		}
		return new Ticket(true);
	}

	/**
	 * Write the record of a call that {@link #admit(boolean)} refused, when there is room
	 * for it; otherwise the refusal is counted and reported in one record once records
	 * can be stored again.
	 * @param record the record of the refused call
	 */
	public void refused(HipaaGrpcAuditRecord record) {
		Assert.notNull(record, "'record' must not be null");
		if (this.slots.tryAcquire()) {
			this.queue.add(new Pending(record, true, null));
			return;
		}
		if (this.unreportedRefusals.getAndIncrement() == 0) {
			this.firstUnreportedRefusal = this.clock.instant();
		}
	}

	/**
	 * Write the record of an event, such as a certificate rotation, that is not a call.
	 * @param record the record
	 */
	public void write(HipaaGrpcAuditRecord record) {
		Assert.notNull(record, "'record' must not be null");
		if (this.queue.size() >= 2 * this.settings.capacity()) {
			lose(1, "the queue is full");
			return;
		}
		this.queue.add(new Pending(record, false, null));
	}

	/**
	 * Return whether new calls are refused because records could not be stored for longer
	 * than the configured bound.
	 * @return whether the writer is failing closed
	 */
	public boolean isFailClosed() {
		Instant since = this.failingSince;
		return this.settings.mode() != HipaaGrpcAuditMode.BEST_EFFORT && since != null
				&& !this.clock.instant().isBefore(since.plus(this.settings.failClosedAfter()));
	}

	/**
	 * Return when storing records started failing, or {@code null} while they are stored.
	 * @return when storing started failing or {@code null}
	 */
	public @Nullable Instant getFailingSince() {
		return this.failingSince;
	}

	/**
	 * Return the number of records waiting to be stored.
	 * @return the queue depth
	 */
	public int getQueueDepth() {
		return this.queue.size();
	}

	/**
	 * Return the number of records stored by this writer.
	 * @return the number of stored records
	 */
	public long getWritten() {
		return this.written.get();
	}

	/**
	 * Return the number of records that could not be kept.
	 * @return the number of lost records
	 */
	public long getLost() {
		return this.lost.get();
	}

	/**
	 * Return the number of calls refused because their record could not be kept.
	 * @return the number of refused calls
	 */
	public long getRefused() {
		return this.refused.get();
	}

	/**
	 * Return the mode of the writer.
	 * @return the mode
	 */
	public HipaaGrpcAuditMode getMode() {
		return this.settings.mode();
	}

	/**
	 * Return the committed head of this replica's chain.
	 * @return the chain's head
	 */
	public Checkpoint getHead() {
		return this.head;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			write(HipaaGrpcAuditRecord.event(this.clock.instant(), CHAIN_STARTED, "Chain started by replica '"
					+ this.settings.replica() + "' in mode '" + this.settings.mode() + "'"));
			Thread writerThread = new Thread(this::run, "hipaa-grpc-audit-writer");
			writerThread.setDaemon(true);
			writerThread.start();
			this.thread = writerThread;
			logger.info(LogMessage.format("Writing audit records to chain '%s' in mode '%s'", this.settings.chainId(),
					this.settings.mode()));
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Thread writerThread = this.thread;
			if (!this.running || writerThread == null) {
				return;
			}
			write(HipaaGrpcAuditRecord.event(this.clock.instant(), CHAIN_CLOSED,
					"Chain closed by replica '" + this.settings.replica() + "'"));
			this.running = false;
			join(writerThread, this.settings.shutdownTimeout());
			writerThread.interrupt();
			join(writerThread, INTERRUPTED_STOP);
			this.thread = null;
			abandon();
			checkpoint(true);
		}
	}

	private static void join(Thread thread, Duration timeout) {
		try {
			thread.join(timeout.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void abandon() {
		List<Pending> left = new ArrayList<>();
		this.queue.drainTo(left);
		if (!left.isEmpty()) {
			left.forEach((pending) -> pending.fail(new IllegalStateException("Audit writer stopped")));
			lose(left.size(), "the writer stopped before they were stored");
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void run() {
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first != null) {
					List<Pending> batch = new ArrayList<>();
					batch.add(first);
					this.queue.drainTo(batch, this.settings.batchSize() - 1);
					store(batch);
				}
				reportRefusals();
				checkpoint(false);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void store(List<Pending> batch) throws InterruptedException {
		List<HipaaGrpcAuditEntry> entries = link(batch);
		Duration delay = FIRST_RETRY;
		while (!tryStore(entries)) {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				batch.forEach((pending) -> pending.fail(ex));
				lose(batch.size(), "the writer stopped while the store failed");
				throw ex;
			}
			delay = (delay.compareTo(LAST_RETRY) < 0) ? delay.multipliedBy(2) : LAST_RETRY;
		}
		HipaaGrpcAuditEntry last = entries.get(entries.size() - 1);
		this.head = new Checkpoint(last.getChainId(), last.getChainSequence(), last.getRecordHash());
		recovered();
		this.written.addAndGet(entries.size());
		batch.forEach(Pending::done);
		this.slots.release((int) batch.stream().filter(Pending::holdsSlot).count());
	}

	private List<HipaaGrpcAuditEntry> link(List<Pending> batch) {
		List<HipaaGrpcAuditEntry> entries = new ArrayList<>(batch.size());
		long sequence = this.head.length();
		String previous = this.head.hash();
		for (Pending pending : batch) {
			HipaaGrpcAuditEntry entry = new HipaaGrpcAuditEntry(pending.record(), this.settings.replica(),
					this.settings.chainId(), ++sequence, previous, this.chain.keyId());
			previous = this.chain.hash(previous, entry);
			entry.seal(previous);
			entries.add(entry);
		}
		return entries;
	}

	private boolean tryStore(List<HipaaGrpcAuditEntry> entries) {
		try {
			this.store.append(entries);
			return true;
		}
		catch (RuntimeException ex) {
			if (storedAfterAll(entries)) {
				return true;
			}
			failing(ex);
			return false;
		}
	}

	private boolean storedAfterAll(List<HipaaGrpcAuditEntry> entries) {
		try {
			return this.store.contains(entries.get(0).getId());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void failing(RuntimeException ex) {
		if (this.failingSince == null) {
			this.failingSince = this.clock.instant();
			logger.error(LogMessage.format("Audit records cannot be stored (%s); %s", ex.getClass().getName(),
					consequence()));
		}
	}

	private String consequence() {
		return switch (this.settings.mode()) {
			case FAIL_CLOSED -> "new calls will be refused after " + this.settings.failClosedAfter();
			case SYNCHRONOUS -> "calls wait until their records are stored";
			case BEST_EFFORT -> "calls go on and records are kept in memory while there is room";
		};
	}

	private void recovered() {
		Instant since = this.failingSince;
		if (since != null) {
			this.failingSince = null;
			logger.warn(LogMessage.format("Audit records are stored again after failing since '%s'", since));
		}
	}

	private void reportRefusals() {
		long count = this.unreportedRefusals.get();
		Instant first = this.firstUnreportedRefusal;
		if (count == 0 || first == null || this.failingSince != null) {
			return;
		}
		this.unreportedRefusals.addAndGet(-count);
		write(HipaaGrpcAuditRecord.event(this.clock.instant(), CALLS_REFUSED,
				count + " refused calls since '" + first + "' had no room for their own records"));
	}

	private void checkpoint(boolean force) {
		Instant now = this.clock.instant();
		Checkpoint current = this.head;
		if ((!force && now.isBefore(this.nextCheckpoint)) || current.equals(this.lastCheckpoint)) {
			return;
		}
		this.nextCheckpoint = now.plus(this.settings.checkpointInterval());
		this.lastCheckpoint = current;
		logger.info(LogMessage.format("Audit chain '%s' checkpoint: length %d, head '%s'", current.chainId(),
				current.length(), current.hash()));
		this.checkpoints.accept(current);
	}

	private void lose(int count, String reason) {
		this.lost.addAndGet(count);
		logger.error(LogMessage.format("Lost %d audit records: %s", count, reason));
	}

	/**
	 * The right to write one call's record, given when the call was admitted.
	 */
	public final class Ticket {

		private final AtomicBoolean used = new AtomicBoolean();

		private final boolean holdsSlot;

		Ticket(boolean holdsSlot) {
			this.holdsSlot = holdsSlot;
		}

		/**
		 * Write the call's record; only the first record written with a ticket counts.
		 * @param record the record
		 * @return completes when the record is stored, at once unless the mode is
		 * synchronous
		 */
		public CompletableFuture<Void> write(HipaaGrpcAuditRecord record) {
			Assert.notNull(record, "'record' must not be null");
			if (!this.used.compareAndSet(false, true)) {
				return CompletableFuture.completedFuture(null);
			}
			if (!this.holdsSlot && !HipaaGrpcAuditWriter.this.slots.tryAcquire()) {
				lose(1, "the queue is full");
				return CompletableFuture.completedFuture(null);
			}
			boolean synchronous = getMode() == HipaaGrpcAuditMode.SYNCHRONOUS;
			CompletableFuture<Void> stored = new CompletableFuture<>();
			HipaaGrpcAuditWriter.this.queue.add(new Pending(record, true, synchronous ? stored : null));
			return synchronous ? stored : CompletableFuture.completedFuture(null);
		}

	}

	/**
	 * The committed head of a chain at one moment.
	 *
	 * @param chainId the chain
	 * @param length the number of entries in the chain
	 * @param hash the hash of the last entry, or {@link HipaaGrpcAuditChain#GENESIS}
	 */
	public record Checkpoint(String chainId, long length, String hash) {

	}

	/**
	 * How a writer works.
	 *
	 * @param replica the name of the replica that writes
	 * @param chainId the id of the replica's chain
	 * @param mode what happens to calls when records cannot be stored
	 * @param capacity how many records may wait to be stored
	 * @param batchSize how many records are stored in one transaction at most
	 * @param failClosedAfter how long records may fail to be stored before new calls are
	 * refused
	 * @param checkpointInterval how often the chain's head is published
	 * @param shutdownTimeout how long stopping waits for the queue to drain
	 */
	public record Settings(String replica, String chainId, HipaaGrpcAuditMode mode, int capacity, int batchSize,
			Duration failClosedAfter, Duration checkpointInterval, Duration shutdownTimeout) {

		public Settings {
			Assert.hasText(replica, "'replica' must not be empty");
			Assert.hasText(chainId, "'chainId' must not be empty");
			Assert.notNull(mode, "'mode' must not be null");
			Assert.isTrue(capacity > 0, "'capacity' must be positive");
			Assert.isTrue(batchSize > 0, "'batchSize' must be positive");
		}

	}

	private record Pending(HipaaGrpcAuditRecord record, boolean holdsSlot, @Nullable CompletableFuture<Void> stored) {

		void done() {
			if (this.stored != null) {
				this.stored.complete(null);
			}
		}

		void fail(Exception ex) {
			if (this.stored != null) {
				this.stored.completeExceptionally(ex);
			}
		}

	}

}
