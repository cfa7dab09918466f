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

package io.github.hipaagrpc.autoconfigure.audit;

import java.util.Map;

import io.github.hipaagrpc.audit.HipaaGrpcAuditEntry;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRepository;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail's own JPA persistence unit, apart from the application's: it holds only
 * the audit entity, never generates schema and is not a bean, so the application's JPA
 * setup neither sees nor replaces it.
 */
final class AuditPersistence implements DisposableBean {

	static final String PERSISTENCE_UNIT = "hipaa-grpc-audit";

	private final LocalContainerEntityManagerFactoryBean factory;

	private final HipaaGrpcAuditRepository repository;

	private final TransactionTemplate transactions;

	AuditPersistence(AuditDatabase database, int batchSize) {
		this.factory = new LocalContainerEntityManagerFactoryBean();
		this.factory.setDataSource(database.dataSource());
		this.factory.setPersistenceUnitName(PERSISTENCE_UNIT);
		this.factory.setManagedTypes(PersistenceManagedTypes.of(HipaaGrpcAuditEntry.class.getName()));
		this.factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
		this.factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "none", "hibernate.jdbc.batch_size",
				String.valueOf(batchSize), "hibernate.order_inserts", "true"));
		this.factory.afterPropertiesSet();
		EntityManagerFactory entityManagerFactory = this.factory.getObject();
		if (entityManagerFactory == null) {
			throw new IllegalStateException("No audit EntityManagerFactory was created");
		}
		this.transactions = new TransactionTemplate(new JpaTransactionManager(entityManagerFactory));
		this.repository = new JpaRepositoryFactory(
				SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory))
			.getRepository(HipaaGrpcAuditRepository.class);
	}

	HipaaGrpcAuditRepository repository() {
		return this.repository;
	}

	TransactionTemplate transactions() {
		return this.transactions;
	}

	@Override
	public void destroy() {
		this.factory.destroy();
	}

}
