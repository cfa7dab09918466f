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

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.util.Assert;

/**
 * Walks every audit chain in the database and reports the first entry that was altered,
 * removed or cut from a chain's tail.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditIntegrity {

	private static final int PAGE = 500;

	private final HipaaGrpcAuditRepository repository;

	private final HipaaGrpcAuditChain chain;

	private final Supplier<Collection<HipaaGrpcAuditWriter.Checkpoint>> knownHeads;

	/**
	 * Create an integrity check.
	 * @param repository the repository of entries
	 * @param chain the keyed hash chain
	 * @param knownHeads heads known outside the database, such as the live head of this
	 * replica's chain
	 */
	public HipaaGrpcAuditIntegrity(HipaaGrpcAuditRepository repository, HipaaGrpcAuditChain chain,
			Supplier<Collection<HipaaGrpcAuditWriter.Checkpoint>> knownHeads) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.notNull(chain, "'chain' must not be null");
		Assert.notNull(knownHeads, "'knownHeads' must not be null");
		this.repository = repository;
		this.chain = chain;
		this.knownHeads = knownHeads;
	}

	/**
	 * Check every chain against the heads known to this application.
	 * @return the report
	 */
	public HipaaGrpcAuditIntegrityReport verify() {
		return verify(List.of());
	}

	/**
	 * Check every chain against the heads known to this application and the given
	 * checkpoints, such as those published in the logs of earlier runs.
	 * @param checkpoints checkpoints the chains must still reach
	 * @return the report
	 */
	public HipaaGrpcAuditIntegrityReport verify(Collection<HipaaGrpcAuditWriter.Checkpoint> checkpoints) {
		Assert.notNull(checkpoints, "'checkpoints' must not be null");
		List<HipaaGrpcAuditWriter.Checkpoint> known = new ArrayList<>(checkpoints);
		known.addAll(this.knownHeads.get());
		List<String> chainIds = new ArrayList<>(this.repository.findChainIds());
		known.stream()
			.map(HipaaGrpcAuditWriter.Checkpoint::chainId)
			.filter((chainId) -> !chainIds.contains(chainId))
			.distinct()
			.forEach(chainIds::add);
		List<HipaaGrpcAuditIntegrityReport.ChainReport> reports = chainIds.stream()
			.map((chainId) -> verifyChain(chainId, known))
			.toList();
		return new HipaaGrpcAuditIntegrityReport(reports);
	}

	private HipaaGrpcAuditIntegrityReport.ChainReport verifyChain(String chainId,
			List<HipaaGrpcAuditWriter.Checkpoint> known) {
		List<HipaaGrpcAuditWriter.Checkpoint> checkpoints = known.stream()
			.filter((checkpoint) -> checkpoint.chainId().equals(chainId))
			.toList();
		Walk walk = new Walk(checkpoints.stream().map(HipaaGrpcAuditWriter.Checkpoint::length).toList());
		List<HipaaGrpcAuditEntry> page = nextPage(chainId, 0);
		while (!page.isEmpty() && walk.problem == null) {
			page.forEach((entry) -> walk.visit(entry, this.chain));
			page = nextPage(chainId, walk.length);
		}
		if (walk.problem == null) {
			checkpoints.forEach(walk::check);
		}
		return new HipaaGrpcAuditIntegrityReport.ChainReport(chainId, walk.length, walk.hash, walk.closed,
				walk.problem);
	}

	private List<HipaaGrpcAuditEntry> nextPage(String chainId, long after) {
		return this.repository.findByChainIdAndChainSequenceGreaterThanOrderByChainSequenceAsc(chainId, after,
				Limit.of(PAGE));
	}

	/**
	 * State of the walk along one chain.
	 */
	private static final class Walk {

		private long length;

		private String hash = HipaaGrpcAuditChain.GENESIS;

		private boolean closed;

		private HipaaGrpcAuditIntegrityReport.@Nullable Problem problem;

		private final Map<Long, String> hashes = new HashMap<>();

		Walk(List<Long> wanted) {
			wanted.forEach((length) -> this.hashes.put(length, ""));
		}

		void visit(HipaaGrpcAuditEntry entry, HipaaGrpcAuditChain chain) {
			if (this.problem != null) {
				return;
			}
			long expected = this.length + 1;
			if (entry.getChainSequence() != expected) {
				fail(HipaaGrpcAuditIntegrityReport.Kind.MISSING, expected, "Entries " + expected + " to "
						+ (entry.getChainSequence() - 1) + " are missing before entry " + entry.getChainSequence());
				return;
			}
			if (!entry.getKeyId().equals(chain.keyId())) {
				fail(HipaaGrpcAuditIntegrityReport.Kind.UNKNOWN_KEY, expected,
						"Entry was written with key '" + entry.getKeyId() + "', not the configured key");
				return;
			}
			String recomputed = chain.hash(this.hash, entry);
			if (!entry.getPreviousHash().equals(this.hash) || !recomputed.equals(entry.getRecordHash())) {
				fail(HipaaGrpcAuditIntegrityReport.Kind.ALTERED, expected,
						"Entry does not match its hash or does not link to the entry before it");
				return;
			}
			this.length = expected;
			this.hash = recomputed;
			this.hashes.computeIfPresent(expected, (length, hash) -> recomputed);
			this.closed = HipaaGrpcAuditWriter.CHAIN_CLOSED.equals(entry.getEventType());
		}

		void check(HipaaGrpcAuditWriter.Checkpoint checkpoint) {
			if (this.problem != null || checkpoint.length() == 0) {
				return;
			}
			if (checkpoint.length() > this.length) {
				fail(HipaaGrpcAuditIntegrityReport.Kind.TRUNCATED, this.length + 1, "Chain ends at entry " + this.length
						+ " but a checkpoint recorded " + checkpoint.length() + " entries");
				return;
			}
			String hashThen = this.hashes.get(checkpoint.length());
			if (!checkpoint.hash().equals(hashThen)) {
				fail(HipaaGrpcAuditIntegrityReport.Kind.ALTERED, checkpoint.length(),
						"Entry does not match the hash a checkpoint recorded for it");
			}
		}

		private void fail(HipaaGrpcAuditIntegrityReport.Kind kind, long sequence, String description) {
			this.problem = new HipaaGrpcAuditIntegrityReport.Problem(kind, sequence, description);
		}

	}

}
