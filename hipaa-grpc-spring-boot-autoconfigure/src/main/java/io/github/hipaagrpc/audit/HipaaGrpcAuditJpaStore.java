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
import java.util.UUID;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * {@link HipaaGrpcAuditStore} on a Spring Data JPA repository, one transaction a batch.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditJpaStore implements HipaaGrpcAuditStore {

	private final HipaaGrpcAuditRepository repository;

	private final TransactionOperations transactions;

	/**
	 * Create a store.
	 * @param repository the repository of entries
	 * @param transactions the transactions to store batches in
	 */
	public HipaaGrpcAuditJpaStore(HipaaGrpcAuditRepository repository, TransactionOperations transactions) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.notNull(transactions, "'transactions' must not be null");
		this.repository = repository;
		this.transactions = transactions;
	}

	@Override
	public void append(List<HipaaGrpcAuditEntry> entries) {
		this.transactions.executeWithoutResult((status) -> this.repository.saveAll(entries));
	}

	@Override
	public boolean contains(UUID id) {
		return this.repository.existsById(id);
	}

}
