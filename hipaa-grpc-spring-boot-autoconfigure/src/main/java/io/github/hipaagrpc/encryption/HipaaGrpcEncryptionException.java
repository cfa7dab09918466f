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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a value cannot be encrypted or decrypted. Its message names the reason and
 * at most a key identifier, never a value or a key.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionException extends RuntimeException {

	private final Reason reason;

	/**
	 * Create a new exception.
	 * @param reason why the operation failed
	 * @param message the message, without values or keys
	 */
	public HipaaGrpcEncryptionException(Reason reason, String message) {
		this(reason, message, null);
	}

	/**
	 * Create a new exception.
	 * @param reason why the operation failed
	 * @param message the message, without values or keys
	 * @param cause the cause, if any
	 */
	public HipaaGrpcEncryptionException(Reason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/**
	 * Return why the operation failed.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why an encryption or decryption failed.
	 */
	public enum Reason {

		/**
		 * The stored value is too short or its parts cannot be read.
		 */
		MALFORMED,

		/**
		 * The stored value has a format version that this release does not know.
		 */
		UNSUPPORTED_FORMAT,

		/**
		 * The data key that the value names is not in the data-key table.
		 */
		UNKNOWN_KEY,

		/**
		 * Authentication failed: the value was altered, or it belongs to another entity,
		 * field or row.
		 */
		TAMPERED,

		/**
		 * The master key refused to unwrap or rewrap a data key, for example because its
		 * version is below the minimum decryption version.
		 */
		KEY_REJECTED,

		/**
		 * The master key could not be reached to generate or unwrap a data key.
		 */
		KEY_UNAVAILABLE,

		/**
		 * The platform's cipher failed.
		 */
		CIPHER_FAILED

	}

}
