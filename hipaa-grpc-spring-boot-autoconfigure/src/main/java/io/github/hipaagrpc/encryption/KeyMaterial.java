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

import java.util.Arrays;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Plaintext data key held in memory until it is destroyed, when its bytes are zeroed.
 */
final class KeyMaterial {

	private final byte[] key;

	private boolean destroyed;

	KeyMaterial(byte[] key) {
		this.key = key.clone();
	}

	/**
	 * Return a key for the cipher, or {@code null} once this material is destroyed.
	 * @return a copy of the key, or {@code null}
	 */
	synchronized @Nullable SecretKeySpec spec() {
		return (this.destroyed) ? null : new SecretKeySpec(this.key, "AES");
	}

	synchronized void destroy() {
		Arrays.fill(this.key, (byte) 0);
		this.destroyed = true;
	}

	synchronized boolean isDestroyed() {
		return this.destroyed;
	}

}
