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

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Data-key table in memory for unit tests, ordered as the JDBC store orders rows.
 */
class InMemoryKeyStore implements HipaaGrpcEncryptionKeyStore {

	private final Map<UUID, StoredKey> keys = new ConcurrentHashMap<>();

	@Override
	public void save(StoredKey key) {
		this.keys.put(key.id(), key);
	}

	@Override
	public @Nullable StoredKey find(UUID id) {
		return this.keys.get(id);
	}

	@Override
	public List<StoredKey> findOlderThan(int version, @Nullable UUID after, int limit) {
		return this.keys.values()
			.stream()
			.filter((key) -> key.masterKeyVersion() < version)
			.filter((key) -> after == null || key.id().compareTo(after) > 0)
			.sorted(Comparator.comparing(StoredKey::id))
			.limit(limit)
			.toList();
	}

	@Override
	public boolean replace(UUID id, String expected, HipaaGrpcEncryptionKeyProvider.WrappedKey replacement,
			Instant time) {
		StoredKey current = this.keys.get(id);
		if (current == null || !current.wrappedKey().equals(expected)) {
			return false;
		}
		this.keys.put(id,
				new StoredKey(id, replacement.ciphertext(), replacement.masterKeyVersion(), current.createdAt(), time));
		return true;
	}

	int size() {
		return this.keys.size();
	}

	List<StoredKey> all() {
		return List.copyOf(this.keys.values());
	}

}
