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

package io.github.hipaagrpc.test.vault;

import java.time.Duration;

/**
 * Applies a {@code transit/keys/:name/config} request to a key with Vault's checks,
 * changing nothing when a check fails.
 */
final class TransitKeyConfiguration {

	private TransitKeyConfiguration() {
	}

	static VaultReply apply(TransitKey key, Fields fields) {
		String warning = null;
		int minDecryptionVersion = key.minDecryptionVersion();
		if (fields.has("min_decryption_version")) {
			minDecryptionVersion = fields.integer("min_decryption_version", 0);
			if (minDecryptionVersion < 0) {
				throw VaultApiException.badRequest("min decryption version cannot be negative");
			}
			if (minDecryptionVersion == 0) {
				minDecryptionVersion = 1;
				warning = "since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1";
			}
			checkNotAboveLatest(key, minDecryptionVersion, "decryption");
		}
		int minEncryptionVersion = key.minEncryptionVersion();
		if (fields.has("min_encryption_version")) {
			minEncryptionVersion = fields.integer("min_encryption_version", 0);
			if (minEncryptionVersion < 0) {
				throw VaultApiException.badRequest("min encryption version cannot be negative");
			}
			checkNotAboveLatest(key, minEncryptionVersion, "encryption");
		}
		if (minEncryptionVersion > 0 && minEncryptionVersion < minDecryptionVersion) {
			throw VaultApiException.badRequest(("cannot set min encryption/decryption values; min encryption version "
					+ "of %d must be greater than or equal to min decryption version of %d")
				.formatted(minEncryptionVersion, minDecryptionVersion));
		}
		Duration autoRotatePeriod = (fields.has("auto_rotate_period")) ? fields.duration("auto_rotate_period")
				: key.autoRotatePeriod();
		if (!autoRotatePeriod.isZero() && autoRotatePeriod.compareTo(Duration.ofHours(1)) < 0) {
			throw VaultApiException.badRequest("auto rotate period must be 0 to disable or at least an hour");
		}
		key.minDecryptionVersion(minDecryptionVersion);
		key.minEncryptionVersion(minEncryptionVersion);
		key.deletionAllowed(fields.bool("deletion_allowed", key.isDeletionAllowed()));
		key.allow(fields.bool("exportable", false), fields.bool("allow_plaintext_backup", false));
		key.autoRotatePeriod(autoRotatePeriod);
		Envelope envelope = Envelope.data(key.describe());
		return ((warning != null) ? envelope.warning(warning) : envelope).reply();
	}

	private static void checkNotAboveLatest(TransitKey key, int version, String operation) {
		if (version > key.latestVersion()) {
			throw VaultApiException.badRequest("cannot set min %s version of %d, latest key version is %d"
				.formatted(operation, version, key.latestVersion()));
		}
	}

}
