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

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link HipaaGrpcAuditStore} in memory that a test can make fail, before or after it
 * stores a batch, and that remembers every batch it was given.
 */
class InMemoryAuditStore implements HipaaGrpcAuditStore {

	private final List<HipaaGrpcAuditEntry> entries = new CopyOnWriteArrayList<>();

	private final List<List<HipaaGrpcAuditEntry>> attempts = new CopyOnWriteArrayList<>();

	private final AtomicBoolean loseNextAcknowledgement = new AtomicBoolean();

	private volatile boolean failing;

	/**
	 * Fail every batch, and every look-up, until {@link #recover()}.
	 */
	void fail() {
		this.failing = true;
	}

	/**
	 * Store batches again.
	 */
	void recover() {
		this.failing = false;
	}

	/**
	 * Store the next batch, then fail as if the acknowledgement of its commit was lost.
	 */
	void loseNextAcknowledgement() {
		this.loseNextAcknowledgement.set(true);
	}

	@Override
	public void append(List<HipaaGrpcAuditEntry> batch) {
		this.attempts.add(List.copyOf(batch));
		if (this.failing) {
			throw new IllegalStateException("Audit database is unavailable");
		}
		this.entries.addAll(batch);
		if (this.loseNextAcknowledgement.compareAndSet(true, false)) {
			throw new IllegalStateException("Connection reset before the commit was acknowledged");
		}
	}

	@Override
	public boolean contains(UUID id) {
		if (this.failing) {
			throw new IllegalStateException("Audit database is unavailable");
		}
		return this.entries.stream().anyMatch((entry) -> entry.getId().equals(id));
	}

	List<HipaaGrpcAuditEntry> entries() {
		return List.copyOf(this.entries);
	}

	List<List<HipaaGrpcAuditEntry>> attempts() {
		return List.copyOf(this.attempts);
	}

	List<String> correlationIds() {
		return this.entries.stream().map((entry) -> String.valueOf(entry.getCorrelationId())).toList();
	}

	boolean holds(String correlationId) {
		return this.entries.stream().anyMatch((entry) -> correlationId.equals(entry.getCorrelationId()));
	}

	boolean attempted(String correlationId) {
		return this.attempts.stream()
			.flatMap(List::stream)
			.anyMatch((entry) -> Objects.equals(correlationId, entry.getCorrelationId()));
	}

	List<HipaaGrpcAuditEntry> events(String eventType) {
		return this.entries.stream().filter((entry) -> eventType.equals(entry.getEventType())).toList();
	}

}
