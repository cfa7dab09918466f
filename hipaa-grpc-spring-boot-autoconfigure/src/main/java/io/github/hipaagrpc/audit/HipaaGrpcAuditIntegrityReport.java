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

import org.jspecify.annotations.Nullable;

/**
 * Result of an integrity check of the audit chains.
 *
 * @param chains the report of each chain
 * @since 0.1.0
 */
public record HipaaGrpcAuditIntegrityReport(List<ChainReport> chains) {

	/**
	 * Return whether every chain is intact.
	 * @return whether no chain has a problem
	 */
	public boolean isIntact() {
		return this.chains.stream().allMatch((chain) -> chain.problem() == null);
	}

	/**
	 * What the check found in one chain.
	 *
	 * @param chainId the chain
	 * @param length the number of entries verified, up to the first problem
	 * @param head the hash of the last verified entry
	 * @param closed whether the chain ends with the record its replica writes on a clean
	 * shutdown; a chain of a stopped replica that is not closed either lost its tail or
	 * its replica crashed
	 * @param problem the first problem found, or {@code null}
	 */
	public record ChainReport(String chainId, long length, String head, boolean closed, @Nullable Problem problem) {

	}

	/**
	 * The first problem found in a chain.
	 *
	 * @param kind what is wrong
	 * @param sequence the position in the chain where it is wrong
	 * @param description what is wrong, in words
	 */
	public record Problem(Kind kind, long sequence, String description) {

	}

	/**
	 * What can be wrong with a chain.
	 */
	public enum Kind {

		/**
		 * An entry was changed, or its link to the entry before it was broken.
		 */
		ALTERED,

		/**
		 * Entries are missing between two entries.
		 */
		MISSING,

		/**
		 * The chain is shorter than a checkpoint it was seen to reach.
		 */
		TRUNCATED,

		/**
		 * An entry was written with a key other than the configured one.
		 */
		UNKNOWN_KEY

	}

}
