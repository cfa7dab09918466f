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

import org.springframework.util.Assert;

/**
 * Master key that generates, unwraps and rewraps data keys. The master key itself never
 * leaves the provider.
 *
 * @since 0.1.0
 * @see HipaaGrpcEncryptionVaultKeyProvider
 * @see HipaaGrpcEncryptionDevKeyProvider
 */
public interface HipaaGrpcEncryptionKeyProvider {

	/**
	 * Generate a new 256-bit data key under the latest version of the master key.
	 * @return the data key in plaintext and wrapped
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if the provider cannot be
	 * reached
	 */
	GeneratedKey generate();

	/**
	 * Unwrap a data key.
	 * @param wrappedKey the wrapped data key
	 * @return the plaintext data key
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if the provider cannot be
	 * reached
	 * @throws HipaaGrpcEncryptionException if the provider refuses the wrapped key
	 */
	byte[] unwrap(String wrappedKey);

	/**
	 * Wrap a data key again under the latest version of the master key, without the data
	 * key leaving the provider.
	 * @param wrappedKey the wrapped data key
	 * @return the data key wrapped under the latest version
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if the provider cannot be
	 * reached
	 * @throws HipaaGrpcEncryptionException if the provider refuses the wrapped key
	 */
	WrappedKey rewrap(String wrappedKey);

	/**
	 * Return the latest version of the master key.
	 * @return the latest version
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if the provider cannot be
	 * reached
	 */
	int latestVersion();

	/**
	 * Data key as generated: in plaintext, to use at once, and wrapped, to store.
	 */
	final class GeneratedKey {

		private final byte[] plaintext;

		private final WrappedKey wrapped;

		/**
		 * Create a generated key.
		 * @param plaintext the 32 bytes of the data key
		 * @param wrapped the data key wrapped by the master key
		 */
		public GeneratedKey(byte[] plaintext, WrappedKey wrapped) {
			Assert.isTrue(plaintext.length == 32, "'plaintext' must hold 32 bytes");
			Assert.notNull(wrapped, "'wrapped' must not be null");
			this.plaintext = plaintext;
			this.wrapped = wrapped;
		}

		/**
		 * Return the plaintext data key, which the caller zeroes once it has a copy.
		 * @return the 32 bytes of the data key
		 */
		public byte[] plaintext() {
			return this.plaintext;
		}

		/**
		 * Return the data key wrapped by the master key.
		 * @return the wrapped key
		 */
		public WrappedKey wrapped() {
			return this.wrapped;
		}

		@Override
		public String toString() {
			return "GeneratedKey[version=" + this.wrapped.masterKeyVersion() + "]";
		}

	}

	/**
	 * Data key wrapped by a version of the master key.
	 *
	 * @param ciphertext the wrapped data key, as the provider writes it
	 * @param masterKeyVersion the version of the master key that wrapped it
	 */
	record WrappedKey(String ciphertext, int masterKeyVersion) {

		public WrappedKey {
			Assert.hasText(ciphertext, "'ciphertext' must not be empty");
		}

	}

}
