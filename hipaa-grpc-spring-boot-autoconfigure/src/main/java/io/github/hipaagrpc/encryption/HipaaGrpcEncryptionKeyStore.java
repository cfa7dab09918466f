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
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Table of wrapped data keys, each stored once and named by its identifier in every value
 * it encrypted. Rows are never deleted: a value needs its key for as long as it exists.
 *
 * @since 0.1.0
 * @see HipaaGrpcEncryptionJdbcKeyStore
 */
public interface HipaaGrpcEncryptionKeyStore {

	/**
	 * Store a new data key.
	 * @param key the data key
	 */
	void save(StoredKey key);

	/**
	 * Return a data key.
	 * @param id the identifier of the data key
	 * @return the data key, or {@code null} if there is none with this identifier
	 */
	@Nullable StoredKey find(UUID id);

	/**
	 * Return data keys wrapped under a master-key version older than the given one, in
	 * the order of their identifiers.
	 * @param version the version that the keys are older than
	 * @param after the identifier to start after, or {@code null} to start at the first
	 * @param limit the largest number of keys to return
	 * @return the data keys
	 */
	List<StoredKey> findOlderThan(int version, @Nullable UUID after, int limit);

	/**
	 * Replace the wrapped form of a data key, if it is still the expected one.
	 * @param id the identifier of the data key
	 * @param expected the wrapped form that the row must still hold
	 * @param replacement the new wrapped form
	 * @param time when the key was rewrapped
	 * @return whether the row was updated
	 */
	boolean replace(UUID id, String expected, HipaaGrpcEncryptionKeyProvider.WrappedKey replacement, Instant time);

	/**
	 * Data key as stored: wrapped, never in plaintext.
	 *
	 * @param id the identifier of the data key
	 * @param wrappedKey the data key wrapped by the master key
	 * @param masterKeyVersion the version of the master key that wrapped it
	 * @param createdAt when the data key was created
	 * @param rewrappedAt when the data key was last rewrapped, if ever
	 */
	record StoredKey(UUID id, String wrappedKey, int masterKeyVersion, Instant createdAt,
			@Nullable Instant rewrappedAt) {

		public StoredKey {
			Assert.notNull(id, "'id' must not be null");
			Assert.hasText(wrappedKey, "'wrappedKey' must not be empty");
			Assert.notNull(createdAt, "'createdAt' must not be null");
		}

	}

}
