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

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * Spring Data repository of audit entries. It can insert and read entries and offers no
 * way to change or delete one.
 *
 * @since 0.1.0
 */
public interface HipaaGrpcAuditRepository extends Repository<HipaaGrpcAuditEntry, UUID> {

	/**
	 * Insert new entries.
	 * @param <S> the entry type
	 * @param entries the entries
	 * @return the stored entries
	 */
	<S extends HipaaGrpcAuditEntry> List<S> saveAll(Iterable<S> entries);

	/**
	 * Return whether an entry is stored.
	 * @param id the entry's id
	 * @return whether it is stored
	 */
	boolean existsById(UUID id);

	/**
	 * Return the number of stored entries.
	 * @return the number of entries
	 */
	long count();

	/**
	 * Return the ids of every chain that has entries.
	 * @return the chain ids, sorted
	 */
	@Query("select distinct e.chainId from HipaaGrpcAuditEntry e order by e.chainId")
	List<String> findChainIds();

	/**
	 * Return the next entries of a chain, in chain order.
	 * @param chainId the chain
	 * @param after the sequence number after which to start
	 * @param limit how many entries at most
	 * @return the entries
	 */
	List<HipaaGrpcAuditEntry> findByChainIdAndChainSequenceGreaterThanOrderByChainSequenceAsc(String chainId,
			long after, Limit limit);

	/**
	 * Return the entries recorded in a time range, for an export: from inclusive, to
	 * exclusive, in the page's order.
	 * @param from the start of the range, inclusive
	 * @param to the end of the range, exclusive
	 * @param pageable the page and its order
	 * @return the entries of the page
	 */
	Slice<HipaaGrpcAuditEntry> findByRecordedAtGreaterThanEqualAndRecordedAtLessThan(Instant from, Instant to,
			Pageable pageable);

	/**
	 * Return the number of entries of the given type that name an emergency grant, for a
	 * review of break-glass access.
	 * @param emergencyGrant the grant's identifier
	 * @param type the type of entries to count
	 * @return the number of entries
	 */
	long countByEmergencyGrantAndType(String emergencyGrant, HipaaGrpcAuditRecord.Type type);

}
