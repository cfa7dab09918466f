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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionContext;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostLoadEvent;
import org.hibernate.event.spi.PostLoadEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts the marked properties in the state Hibernate writes, and decrypts them into
 * the entity when it is loaded. The entity and the persistence context's snapshot of it
 * always hold plaintext, so that dirty checking compares plaintext with plaintext and an
 * unchanged entity is never written again.
 */
class EphiEntityListener implements PreInsertEventListener, PreUpdateEventListener, PostInsertEventListener,
		PostUpdateEventListener, PostLoadEventListener {

	private final HipaaGrpcEncryption encryption;

	private final Map<String, EphiProperties> properties = new ConcurrentHashMap<>();

	EphiEntityListener(HipaaGrpcEncryption encryption) {
		this.encryption = encryption;
	}

	void register(EntityPersister persister) {
		this.properties.put(persister.getEntityName(), EphiProperties.of(persister));
	}

	@Override
	public boolean onPreInsert(PreInsertEvent event) {
		encrypt(event.getPersister(), event.getId(), event.getState());
		return false;
	}

	@Override
	public boolean onPreUpdate(PreUpdateEvent event) {
		encrypt(event.getPersister(), event.getId(), event.getState());
		return false;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		restore(event.getPersister(), event.getEntity(), event.getState());
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		restore(event.getPersister(), event.getEntity(), event.getState());
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

	@Override
	public void onPostLoad(PostLoadEvent event) {
		EntityPersister persister = event.getPersister();
		EphiProperties marked = properties(persister);
		if (marked.isEmpty()) {
			return;
		}
		Object entity = event.getEntity();
		EntityEntry entry = event.getSession().getPersistenceContextInternal().getEntry(entity);
		@Nullable Object[] snapshot = (entry != null) ? entry.getLoadedState() : null;
		for (int i = 0; i < marked.indexes().length; i++) {
			int index = marked.indexes()[i];
			Object stored = persister.getValue(entity, index);
			if (stored != null) {
				Object plaintext = decrypt(stored, context(marked, i, event.getId()));
				persister.setValue(entity, index, plaintext);
				copyInto(snapshot, persister, index, plaintext);
			}
		}
	}

	private void encrypt(EntityPersister persister, Object id, Object[] state) {
		EphiProperties marked = properties(persister);
		for (int i = 0; i < marked.indexes().length; i++) {
			int index = marked.indexes()[i];
			Object plaintext = state[index];
			if (plaintext != null) {
				state[index] = encrypt(plaintext, context(marked, i, id));
			}
		}
	}

	private void restore(EntityPersister persister, Object entity, @Nullable Object[] state) {
		EphiProperties marked = properties(persister);
		for (int index : marked.indexes()) {
			copyInto(state, persister, index, persister.getValue(entity, index));
		}
	}

	private static void copyInto(@Nullable Object @Nullable [] state, EntityPersister persister, int index,
			@Nullable Object value) {
		if (state != null) {
			state[index] = persister.getPropertyTypes()[index].deepCopy(value, persister.getFactory());
		}
	}

	private Object encrypt(Object plaintext, HipaaGrpcEncryptionContext context) {
		if (plaintext instanceof byte[] bytes) {
			return this.encryption.encrypt(bytes, context);
		}
		return this.encryption.encryptText((String) plaintext, context);
	}

	private Object decrypt(Object stored, HipaaGrpcEncryptionContext context) {
		if (stored instanceof byte[] bytes) {
			return this.encryption.decrypt(bytes, context);
		}
		return this.encryption.decryptText((String) stored, context);
	}

	private EphiProperties properties(EntityPersister persister) {
		return this.properties.computeIfAbsent(persister.getEntityName(), (name) -> EphiProperties.of(persister));
	}

	private static HipaaGrpcEncryptionContext context(EphiProperties marked, int position, Object id) {
		return HipaaGrpcEncryptionContext.of(marked.entity(), marked.names()[position], id);
	}

}
