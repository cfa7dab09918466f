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
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Master key for development only: random AES-256 keys held in memory, lost when the
 * application stops, and with them every value encrypted under them. Wrapped keys read
 * {@code dev:v<version>:<base64 nonce and ciphertext>}.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionDevKeyProvider implements HipaaGrpcEncryptionKeyProvider {

	private static final String PREFIX = "dev:v";

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final List<SecretKeySpec> versions = new ArrayList<>();

	/**
	 * Create a provider with a fresh random master key at version 1.
	 */
	public HipaaGrpcEncryptionDevKeyProvider() {
		rotate();
	}

	/**
	 * Add a new version of the master key and make it the latest.
	 * @return the new latest version
	 */
	public synchronized int rotate() {
		byte[] key = new byte[32];
		this.random.nextBytes(key);
		this.versions.add(new SecretKeySpec(key, "AES"));
		return this.versions.size();
	}

	@Override
	public synchronized GeneratedKey generate() {
		byte[] dataKey = new byte[32];
		this.random.nextBytes(dataKey);
		return new GeneratedKey(dataKey, wrap(dataKey));
	}

	@Override
	public synchronized byte[] unwrap(String wrappedKey) {
		int separator = wrappedKey.indexOf(':', PREFIX.length());
		int version = version(wrappedKey, separator);
		byte[] sealed = sealed(wrappedKey.substring(separator + 1));
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.versions.get(version - 1),
					new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_LENGTH));
			return cipher.doFinal(sealed, NONCE_LENGTH, sealed.length - NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw rejected(ex);
		}
	}

	@Override
	public synchronized WrappedKey rewrap(String wrappedKey) {
		byte[] dataKey = unwrap(wrappedKey);
		return wrap(dataKey);
	}

	@Override
	public synchronized int latestVersion() {
		return this.versions.size();
	}

	private WrappedKey wrap(byte[] dataKey) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.versions.get(this.versions.size() - 1),
					new GCMParameterSpec(TAG_BITS, nonce));
			byte[] sealed = cipher.doFinal(dataKey);
			byte[] wrapped = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
			String ciphertext = PREFIX + this.versions.size() + ":" + Base64.getEncoder().encodeToString(wrapped);
			return new WrappedKey(ciphertext, this.versions.size());
		}
		catch (GeneralSecurityException ex) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.CIPHER_FAILED,
					"Development master key could not wrap a data key", ex);
		}
	}

	private static byte[] sealed(String encoded) {
		try {
			byte[] sealed = Base64.getDecoder().decode(encoded);
			if (sealed.length < NONCE_LENGTH + TAG_BITS / 8) {
				throw rejected(null);
			}
			return sealed;
		}
		catch (IllegalArgumentException ex) {
			throw rejected(ex);
		}
	}

	private int version(String wrappedKey, int separator) {
		if (!wrappedKey.startsWith(PREFIX) || separator < 0) {
			throw rejected(null);
		}
		try {
			int version = Integer.parseInt(wrappedKey.substring(PREFIX.length(), separator));
			if (version < 1 || version > this.versions.size()) {
				throw rejected(null);
			}
			return version;
		}
		catch (NumberFormatException ex) {
			throw rejected(ex);
		}
	}

	private static HipaaGrpcEncryptionException rejected(@Nullable Throwable cause) {
		return new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
				"Development master key could not unwrap a data key", cause);
	}

	@Override
	public String toString() {
		return "Development master key in memory";
	}

}
