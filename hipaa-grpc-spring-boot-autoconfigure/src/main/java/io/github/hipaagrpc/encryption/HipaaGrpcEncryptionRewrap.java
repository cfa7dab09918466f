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

package io.github.hipaagrpc.encryption;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Moves every data key wrapped under an older master-key version to the latest version
 * through the provider's rewrap, one row at a time. It updates only data-key rows: values
 * encrypted under a data key are never read or rewritten, because the data key itself
 * does not change. A row changed by another replica meanwhile is left as that replica
 * wrote it.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionRewrap {

	private static final Log logger = LogFactory.getLog(HipaaGrpcEncryptionRewrap.class);

	private static final int BATCH_SIZE = 100;

	private final HipaaGrpcEncryptionKeyProvider provider;

	private final HipaaGrpcEncryptionKeyStore store;

	private final ApplicationEventPublisher eventPublisher;

	private final Clock clock;

	private final LongAdder moved = new LongAdder();

	private final LongAdder failed = new LongAdder();

	/**
	 * Create a rewrap job.
	 * @param provider the master key
	 * @param store the data-key table
	 * @param eventPublisher the publisher of the finished event
	 * @param clock the clock of the rewrap times
	 */
	public HipaaGrpcEncryptionRewrap(HipaaGrpcEncryptionKeyProvider provider, HipaaGrpcEncryptionKeyStore store,
			ApplicationEventPublisher eventPublisher, Clock clock) {
		Assert.notNull(provider, "'provider' must not be null");
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.provider = provider;
		this.store = store;
		this.eventPublisher = eventPublisher;
		this.clock = clock;
	}

	/**
	 * Rewrap every data key that is not under the latest master-key version.
	 * @return the outcome
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if the latest version cannot be
	 * read
	 */
	public HipaaGrpcEncryptionRewrapReport rewrap() {
		int latest = this.provider.latestVersion();
		Counts counts = new Counts();
		List<HipaaGrpcEncryptionKeyStore.StoredKey> batch = this.store.findOlderThan(latest, null, BATCH_SIZE);
		while (!batch.isEmpty()) {
			batch.forEach((key) -> rewrap(key, counts));
			UUID last = batch.get(batch.size() - 1).id();
			batch = this.store.findOlderThan(latest, last, BATCH_SIZE);
		}
		HipaaGrpcEncryptionRewrapReport report = new HipaaGrpcEncryptionRewrapReport(counts.examined, counts.moved,
				counts.failed, latest);
		this.moved.add(report.moved());
		this.failed.add(report.failed());
		logger.info(LogMessage.format("Rewrap to master key version %d: %d data keys examined, %d moved, %d failed",
				latest, report.examined(), report.moved(), report.failed()));
		this.eventPublisher.publishEvent(new HipaaGrpcEncryptionRewrapFinishedEvent(this, report));
		return report;
	}

	/**
	 * Return the number of data keys moved to a later master-key version since startup.
	 * @return the number of moved keys
	 */
	public long getMoved() {
		return this.moved.sum();
	}

	/**
	 * Return the number of data keys that failed to be rewrapped since startup.
	 * @return the number of failures
	 */
	public long getFailed() {
		return this.failed.sum();
	}

	private void rewrap(HipaaGrpcEncryptionKeyStore.StoredKey key, Counts counts) {
		counts.examined++;
		try {
			HipaaGrpcEncryptionKeyProvider.WrappedKey rewrapped = this.provider.rewrap(key.wrappedKey());
			if (this.store.replace(key.id(), key.wrappedKey(), rewrapped, this.clock.instant())) {
				counts.moved++;
			}
		}
		catch (RuntimeException ex) {
			counts.failed++;
			logger.warn(LogMessage.format("Data key '%s' could not be rewrapped (%s)", key.id(), failureName(ex)));
		}
	}

	private static String failureName(RuntimeException ex) {
		if (ex instanceof HipaaGrpcEncryptionException encryption) {
			return encryption.getReason().name();
		}
		return ex.getClass().getName();
	}

	@Override
	public String toString() {
		return "Rewrap with " + this.provider;
	}

	/**
	 * Counters of one run.
	 */
	private static final class Counts {

		private int examined;

		private int moved;

		private int failed;

	}

}
