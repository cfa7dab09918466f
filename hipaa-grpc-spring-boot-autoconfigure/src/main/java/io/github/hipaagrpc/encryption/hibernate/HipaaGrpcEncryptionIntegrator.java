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

package io.github.hipaagrpc.encryption.hibernate;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.ephi.Ephi;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;

import org.springframework.util.Assert;

/**
 * Hibernate {@link Integrator} that encrypts the {@code String} and {@code byte[]} fields
 * of entities marked {@link Ephi @Ephi}: on insert and update the values written are
 * encrypted for their entity, field and row, and on load they are decrypted into the
 * entity. A value that fails to decrypt raises the encryption exception rather than
 * reaching the entity. When the session factory starts, every entity with marked fields
 * is checked: its marked fields must be {@code String} or {@code byte[]}, and its
 * identifier must be known before insert (assigned, UUID or sequence), because the row
 * identifier is part of what each value is bound to.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionIntegrator implements Integrator {

	private final EphiEntityListener listener;

	/**
	 * Create a new integrator.
	 * @param encryption the encryption service
	 */
	public HipaaGrpcEncryptionIntegrator(HipaaGrpcEncryption encryption) {
		Assert.notNull(encryption, "'encryption' must not be null");
		this.listener = new EphiEntityListener(encryption);
	}

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
			SessionFactoryImplementor sessionFactory) {
		EventListenerRegistry registry = sessionFactory.getEventListenerRegistry();
		registry.appendListeners(EventType.PRE_INSERT, this.listener);
		registry.appendListeners(EventType.PRE_UPDATE, this.listener);
		registry.appendListeners(EventType.POST_INSERT, this.listener);
		registry.appendListeners(EventType.POST_UPDATE, this.listener);
		registry.appendListeners(EventType.POST_LOAD, this.listener);
		sessionFactory.addObserver(new SessionFactoryObserver() {

			@Override
			public void sessionFactoryCreated(SessionFactory factory) {
				sessionFactory.getMappingMetamodel()
					.forEachEntityDescriptor(HipaaGrpcEncryptionIntegrator.this.listener::register);
			}

		});
	}

}
