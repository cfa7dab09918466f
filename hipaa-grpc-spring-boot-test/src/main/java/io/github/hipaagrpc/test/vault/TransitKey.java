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

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A named key of the Transit engine with all its versions, encrypting as Vault does:
 * {@code vault:v<N>:} followed by base64 of the 12-byte nonce, the ciphertext and the
 * 16-byte tag.
 * <p>
 * Derived keys use Vault's current key derivation, HKDF-SHA256 of the version's key with
 * the request context as info and no salt; convergent keys (version 3) take the nonce
 * from an HMAC-SHA256 of the plaintext under a second derived key.
 */
final class TransitKey {

	static final List<String> TYPES = List.of("aes128-gcm96", "aes256-gcm96", "chacha20-poly1305");

	private static final String PREFIX = "vault:v";

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String name;

	private final String type;

	private final boolean derived;

	private final boolean convergent;

	private final TreeMap<Integer, KeyVersion> versions = new TreeMap<>();

	private boolean exportable;

	private boolean allowPlaintextBackup;

	private boolean deletionAllowed;

	private Duration autoRotatePeriod = Duration.ZERO;

	private int minDecryptionVersion = 1;

	private int minEncryptionVersion;

	TransitKey(String name, String type, boolean derived, boolean convergent, Instant now) {
		this.name = name;
		this.type = type;
		this.derived = derived;
		this.convergent = convergent;
		rotate(now);
	}

	String type() {
		return this.type;
	}

	boolean isDerived() {
		return this.derived;
	}

	int latestVersion() {
		return this.versions.lastKey();
	}

	int minDecryptionVersion() {
		return this.minDecryptionVersion;
	}

	int minEncryptionVersion() {
		return this.minEncryptionVersion;
	}

	boolean isDeletionAllowed() {
		return this.deletionAllowed;
	}

	void rotate(Instant now) {
		int version = (this.versions.isEmpty()) ? 1 : latestVersion() + 1;
		this.versions.put(version, new KeyVersion(randomBytes(keyLength()), randomBytes(32), now.getEpochSecond()));
	}

	void minDecryptionVersion(int minDecryptionVersion) {
		this.minDecryptionVersion = minDecryptionVersion;
	}

	void minEncryptionVersion(int minEncryptionVersion) {
		this.minEncryptionVersion = minEncryptionVersion;
	}

	void deletionAllowed(boolean deletionAllowed) {
		this.deletionAllowed = deletionAllowed;
	}

	/**
	 * Allow export and plaintext backup; like Vault, neither can be switched off again.
	 * @param exportable whether to allow export
	 * @param allowPlaintextBackup whether to allow plaintext backup
	 */
	void allow(boolean exportable, boolean allowPlaintextBackup) {
		this.exportable = this.exportable || exportable;
		this.allowPlaintextBackup = this.allowPlaintextBackup || allowPlaintextBackup;
	}

	void autoRotatePeriod(Duration autoRotatePeriod) {
		this.autoRotatePeriod = autoRotatePeriod;
	}

	Duration autoRotatePeriod() {
		return this.autoRotatePeriod;
	}

	/**
	 * Resolve the version to encrypt or sign with.
	 * @param requested the requested version, 0 for the latest
	 * @return the version
	 */
	int encryptionVersion(int requested) {
		if (requested == 0) {
			return latestVersion();
		}
		if (requested < 0) {
			throw VaultApiException.badRequest("requested version for encryption is negative");
		}
		if (requested > latestVersion()) {
			throw VaultApiException
				.badRequest("requested version for encryption is higher than the latest key version");
		}
		if (requested < this.minEncryptionVersion) {
			throw VaultApiException
				.badRequest("requested version for encryption is less than the minimum encryption key version");
		}
		return requested;
	}

	/**
	 * Encrypt a plaintext.
	 * @param requestedVersion the key version, 0 for the latest
	 * @param context the derivation context, empty for none
	 * @param nonce the caller's nonce, empty for none
	 * @param plaintext the plaintext
	 * @param associatedData the associated data, empty for none
	 * @return the ciphertext in Vault's format
	 */
	String encrypt(int requestedVersion, byte[] context, byte[] nonce, byte[] plaintext, byte[] associatedData) {
		int version = encryptionVersion(requestedVersion);
		if (nonce.length > 0) {
			throw VaultApiException.badRequest("nonce provided when not allowed");
		}
		byte[] key = key(version, context, keyLength() + ((this.convergent) ? 32 : 0));
		byte[] encryptionKey = Arrays.copyOf(key, keyLength());
		byte[] iv = (this.convergent) ? convergentNonce(key, plaintext) : randomBytes(NONCE_LENGTH);
		byte[] sealed = seal(Cipher.ENCRYPT_MODE, encryptionKey, iv, plaintext, associatedData);
		byte[] out = new byte[iv.length + sealed.length];
		System.arraycopy(iv, 0, out, 0, iv.length);
		System.arraycopy(sealed, 0, out, iv.length, sealed.length);
		return PREFIX + version + ":" + Base64.getEncoder().encodeToString(out);
	}

	/**
	 * Decrypt a ciphertext in Vault's format.
	 * @param ciphertext the ciphertext
	 * @param context the derivation context, empty for none
	 * @param associatedData the associated data, empty for none
	 * @return the plaintext
	 */
	byte[] decrypt(String ciphertext, byte[] context, byte[] associatedData) {
		if (!ciphertext.startsWith(PREFIX)) {
			throw VaultApiException.badRequest("invalid ciphertext: no prefix");
		}
		String[] parts = ciphertext.substring(PREFIX.length()).split(":", 2);
		if (parts.length != 2) {
			throw VaultApiException.badRequest("invalid ciphertext: wrong number of fields");
		}
		int version = decryptionVersion(parts[0]);
		byte[] decoded = decodeCiphertext(parts[1]);
		if (decoded.length < NONCE_LENGTH) {
			throw VaultApiException.badRequest("invalid ciphertext length");
		}
		byte[] key = key(version, context, keyLength());
		byte[] iv = Arrays.copyOf(decoded, NONCE_LENGTH);
		byte[] sealed = Arrays.copyOfRange(decoded, NONCE_LENGTH, decoded.length);
		return seal(Cipher.DECRYPT_MODE, key, iv, sealed, associatedData);
	}

	private int decryptionVersion(String text) {
		int version;
		try {
			version = Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw VaultApiException.badRequest("invalid ciphertext: version number could not be decoded");
		}
		version = Math.max(version, 1);
		if (version > latestVersion()) {
			throw VaultApiException.badRequest("invalid ciphertext: version is too new");
		}
		if (version < this.minDecryptionVersion) {
			throw VaultApiException.badRequest("ciphertext or signature version is disallowed by policy (too old)");
		}
		return version;
	}

	private static byte[] decodeCiphertext(String text) {
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw VaultApiException.badRequest("invalid ciphertext: could not decode base64");
		}
	}

	/**
	 * Return the HMAC key of a version.
	 * @param version the version
	 * @return the HMAC key
	 */
	byte[] hmacKey(int version) {
		if (version < 0) {
			throw VaultApiException.badRequest("key version does not exist (cannot be negative)");
		}
		KeyVersion keyVersion = this.versions.get(version);
		if (keyVersion == null) {
			throw VaultApiException
				.badRequest("key version does not exist; latest key version is %d".formatted(latestVersion()));
		}
		return keyVersion.hmacKey();
	}

	/**
	 * Describe the key as {@code transit/keys/:name} does.
	 * @return the key properties
	 */
	Map<String, Object> describe() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("allow_plaintext_backup", this.allowPlaintextBackup);
		data.put("auto_rotate_period", this.autoRotatePeriod.toSeconds());
		data.put("deletion_allowed", this.deletionAllowed);
		data.put("derived", this.derived);
		data.put("exportable", this.exportable);
		data.put("imported_key", false);
		Map<String, Long> keys = new TreeMap<>();
		this.versions.forEach((version, key) -> keys.put(String.valueOf(version), key.creationTime()));
		data.put("keys", keys);
		data.put("latest_version", latestVersion());
		data.put("min_available_version", 0);
		data.put("min_decryption_version", this.minDecryptionVersion);
		data.put("min_encryption_version", this.minEncryptionVersion);
		data.put("name", this.name);
		data.put("soft_deleted", false);
		data.put("supports_decryption", true);
		data.put("supports_derivation", true);
		data.put("supports_encryption", true);
		data.put("supports_signing", false);
		data.put("type", this.type);
		if (this.derived) {
			data.put("convergent_encryption", this.convergent);
			data.put("kdf", "hkdf_sha256");
			if (this.convergent) {
				data.put("convergent_encryption_version", 3);
			}
		}
		return data;
	}

	private byte[] key(int version, byte[] context, int length) {
		KeyVersion keyVersion = this.versions.get(version);
		if (keyVersion == null) {
			throw VaultApiException.badRequest("no such key version");
		}
		if (!this.derived) {
			return keyVersion.key();
		}
		if (context.length == 0) {
			throw VaultApiException.badRequest("missing 'context' for key derivation; the key was created using a "
					+ "derived key, which means additional, per-request information must be included in order to "
					+ "perform operations with the key");
		}
		return hkdfSha256(keyVersion.key(), context, length);
	}

	private int keyLength() {
		return ("aes128-gcm96".equals(this.type)) ? 16 : 32;
	}

	private byte[] seal(int mode, byte[] key, byte[] iv, byte[] input, byte[] associatedData) {
		try {
			boolean chacha = "chacha20-poly1305".equals(this.type);
			Cipher cipher = Cipher.getInstance((chacha) ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
			SecretKeySpec keySpec = new SecretKeySpec(key, (chacha) ? "ChaCha20" : "AES");
			cipher.init(mode, keySpec, (chacha) ? new IvParameterSpec(iv) : new GCMParameterSpec(TAG_BITS, iv));
			if (associatedData.length > 0) {
				cipher.updateAAD(associatedData);
			}
			return cipher.doFinal(input);
		}
		catch (AEADBadTagException ex) {
			throw VaultApiException.badRequest(("chacha20-poly1305".equals(this.type))
					? "chacha20poly1305: message authentication failed" : "cipher: message authentication failed");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to run the '%s' cipher".formatted(this.type), ex);
		}
	}

	private static byte[] convergentNonce(byte[] derivedKey, byte[] plaintext) {
		byte[] hmacKey = Arrays.copyOfRange(derivedKey, derivedKey.length - 32, derivedKey.length);
		return Arrays.copyOf(hmac("HmacSHA256", hmacKey, plaintext), NONCE_LENGTH);
	}

	/**
	 * Derive key material with HKDF-SHA256 (RFC 5869) and an empty salt.
	 * @param inputKey the input key material
	 * @param info the context
	 * @param length the number of bytes to derive
	 * @return the derived bytes
	 */
	static byte[] hkdfSha256(byte[] inputKey, byte[] info, int length) {
		byte[] pseudoRandomKey = hmac("HmacSHA256", new byte[32], inputKey);
		byte[] output = new byte[length];
		byte[] block = new byte[0];
		for (int offset = 0, counter = 1; offset < length; counter++) {
			byte[] input = new byte[block.length + info.length + 1];
			System.arraycopy(block, 0, input, 0, block.length);
			System.arraycopy(info, 0, input, block.length, info.length);
			input[input.length - 1] = (byte) counter;
			block = hmac("HmacSHA256", pseudoRandomKey, input);
			System.arraycopy(block, 0, output, offset, Math.min(block.length, length - offset));
			offset += block.length;
		}
		return output;
	}

	static byte[] hmac(String algorithm, byte[] key, byte[] input) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			return mac.doFinal(input);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to compute an '%s' MAC".formatted(algorithm), ex);
		}
	}

	static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	@Override
	public String toString() {
		return "TransitKey[name='%s', type='%s', latestVersion=%d]".formatted(this.name, this.type, latestVersion());
	}

	/**
	 * The secret material of one key version.
	 */
	private static final class KeyVersion {

		private final byte[] key;

		private final byte[] hmacKey;

		private final long creationTime;

		KeyVersion(byte[] key, byte[] hmacKey, long creationTime) {
			this.key = key;
			this.hmacKey = hmacKey;
			this.creationTime = creationTime;
		}

		byte[] key() {
			return this.key;
		}

		byte[] hmacKey() {
			return this.hmacKey;
		}

		long creationTime() {
			return this.creationTime;
		}

	}

}
