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

package io.github.hipaagrpc.actuate;

import java.util.List;

import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrityReport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} that checks the integrity of the audit trail: it walks every
 * chain and reports the first entry that was altered, removed or cut from a chain's tail.
 *
 * @since 0.1.0
 */
@Endpoint(id = "hipaagrpcaudit")
public class HipaaGrpcAuditEndpoint {

	private final HipaaGrpcAuditIntegrity integrity;

	/**
	 * Create an endpoint.
	 * @param integrity the integrity check of the audit trail
	 */
	public HipaaGrpcAuditEndpoint(HipaaGrpcAuditIntegrity integrity) {
		Assert.notNull(integrity, "'integrity' must not be null");
		this.integrity = integrity;
	}

	/**
	 * Check the audit trail.
	 * @return the result of the check
	 */
	@ReadOperation
	public AuditIntegrityDescriptor integrity() {
		HipaaGrpcAuditIntegrityReport report = this.integrity.verify();
		return new AuditIntegrityDescriptor(report.isIntact(),
				report.chains().stream().map(ChainDescriptor::of).toList());
	}

	/**
	 * Result of an integrity check of the audit trail.
	 *
	 * @param intact whether every chain is intact
	 * @param chains what the check found in each chain
	 */
	public record AuditIntegrityDescriptor(boolean intact,
			List<ChainDescriptor> chains) implements OperationResponseBody {

	}

	/**
	 * What the check found in one chain.
	 *
	 * @param chain the chain id
	 * @param length the number of entries verified, up to the first problem
	 * @param head the hash of the last verified entry
	 * @param closed whether the chain ends with its replica's closing record
	 * @param problem what is wrong, or {@code null}
	 * @param problemAt the position of the first problem, or {@code null}
	 * @param description the first problem in words, or {@code null}
	 */
	public record ChainDescriptor(String chain, long length, String head, boolean closed, @Nullable String problem,
			@Nullable Long problemAt, @Nullable String description) {

		static ChainDescriptor of(HipaaGrpcAuditIntegrityReport.ChainReport report) {
			HipaaGrpcAuditIntegrityReport.Problem problem = report.problem();
			return new ChainDescriptor(report.chainId(), report.length(), report.head(), report.closed(),
					(problem != null) ? problem.kind().name() : null, (problem != null) ? problem.sequence() : null,
					(problem != null) ? problem.description() : null);
		}

	}

}
