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

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Layout of a stored value, format version 1: one byte {@code 0x01}, the 16 bytes of the
 * data key's identifier, the 12-byte nonce, then the AES-GCM ciphertext followed by its
 * 16-byte tag. The associated data is the first 17 bytes of the value followed by the
 * encoded context, so that neither the version, the key nor the context can be swapped.
 */
final class StoredFormat {

	static final byte VERSION_1 = 1;

	static final int KEY_ID_LENGTH = 16;

	static final int NONCE_LENGTH = 12;

	static final int TAG_LENGTH = 16;

	static final int HEADER_LENGTH = 1 + KEY_ID_LENGTH + NONCE_LENGTH;

	private StoredFormat() {
	}

	static byte[] encode(UUID keyId, byte[] nonce, byte[] sealed) {
		return ByteBuffer.allocate(HEADER_LENGTH + sealed.length)
			.put(VERSION_1)
			.putLong(keyId.getMostSignificantBits())
			.putLong(keyId.getLeastSignificantBits())
			.put(nonce)
			.put(sealed)
			.array();
	}

	static byte[] associatedData(UUID keyId, HipaaGrpcEncryptionContext context) {
		byte[] encoded = context.encode();
		return ByteBuffer.allocate(1 + KEY_ID_LENGTH + encoded.length)
			.put(VERSION_1)
			.putLong(keyId.getMostSignificantBits())
			.putLong(keyId.getLeastSignificantBits())
			.put(encoded)
			.array();
	}

	static Parsed decode(byte[] stored) {
		if (stored.length == 0) {
			throw failure(HipaaGrpcEncryptionException.Reason.MALFORMED, "Stored value is empty");
		}
		if (stored[0] != VERSION_1) {
			throw failure(HipaaGrpcEncryptionException.Reason.UNSUPPORTED_FORMAT,
					"Stored value has unknown format version '%d'".formatted(stored[0] & 0xff));
		}
		if (stored.length < HEADER_LENGTH + TAG_LENGTH) {
			throw failure(HipaaGrpcEncryptionException.Reason.MALFORMED, "Stored value is too short");
		}
		ByteBuffer buffer = ByteBuffer.wrap(stored, 1, stored.length - 1);
		UUID keyId = new UUID(buffer.getLong(), buffer.getLong());
		byte[] nonce = new byte[NONCE_LENGTH];
		buffer.get(nonce);
		byte[] sealed = new byte[buffer.remaining()];
		buffer.get(sealed);
		return new Parsed(keyId, nonce, sealed);
	}

	private static HipaaGrpcEncryptionException failure(HipaaGrpcEncryptionException.Reason reason, String message) {
		return new HipaaGrpcEncryptionException(reason, message);
	}

	/**
	 * Parts of a stored value.
	 */
	static final class Parsed {

		private final UUID keyId;

		private final byte[] nonce;

		private final byte[] sealed;

		Parsed(UUID keyId, byte[] nonce, byte[] sealed) {
			this.keyId = keyId;
			this.nonce = nonce;
			this.sealed = sealed;
		}

		UUID keyId() {
			return this.keyId;
		}

		byte[] nonce() {
			return this.nonce;
		}

		byte[] sealed() {
			return this.sealed;
		}

	}

}
