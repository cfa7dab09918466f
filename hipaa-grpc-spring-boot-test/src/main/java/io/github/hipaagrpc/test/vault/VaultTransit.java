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

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.github.hipaagrpc.test.vault.VaultRequest.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The Transit secrets engine of a {@link LocalVaultServer}: named AES-256-GCM96,
 * AES-128-GCM96 or ChaCha20-Poly1305 keys with versions, for encryption, decryption,
 * rewrapping, data keys and HMACs.
 * <p>
 * Like Vault, encrypting with a key that does not exist creates it, unless upsert is
 * disabled through {@code transit/config/keys} or {@link #disableUpsert(boolean)}.
 *
 * @since 0.1.0
 */
public final class VaultTransit {

	private static final String DEFAULT_TYPE = "aes256-gcm96";

	private static final List<String> OTHER_VAULT_TYPES = List.of("ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519",
			"rsa-2048", "rsa-3072", "rsa-4096", "hmac", "managed_key", "external-key", "xchacha20-poly1305");

	private static final Map<String, String> HMAC_ALGORITHMS = Map.of("sha1", "HmacSHA1", "sha2-224", "HmacSHA224",
			"sha2-256", "HmacSHA256", "sha2-384", "HmacSHA384", "sha2-512", "HmacSHA512", "sha3-224", "HmacSHA3-224",
			"sha3-256", "HmacSHA3-256", "sha3-384", "HmacSHA3-384", "sha3-512", "HmacSHA3-512");

	private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	private final String mountPath;

	private final Supplier<Instant> clock;

	private final Map<String, TransitKey> keys = new TreeMap<>();

	private boolean upsertDisabled;

	VaultTransit(String mountPath, Supplier<Instant> clock) {
		this.mountPath = mountPath;
		this.clock = clock;
	}

	/**
	 * Return the path the engine is mounted at, for example {@code transit}.
	 * @return the mount path
	 */
	public String mountPath() {
		return this.mountPath;
	}

	/**
	 * Create an {@code aes256-gcm96} key. Creating a key that exists does nothing.
	 * @param name the key name
	 */
	public synchronized void createKey(String name) {
		Assert.hasText(name, "'name' must not be empty");
		this.keys.computeIfAbsent(name, (key) -> new TransitKey(key, DEFAULT_TYPE, false, false, this.clock.get()));
	}

	/**
	 * Rotate a key, adding a new latest version.
	 * @param name the key name
	 * @return the new latest version
	 */
	public synchronized int rotateKey(String name) {
		TransitKey key = requiredKey(name);
		key.rotate(this.clock.get());
		return key.latestVersion();
	}

	/**
	 * Return the latest version of a key.
	 * @param name the key name
	 * @return the latest version
	 */
	public synchronized int latestVersion(String name) {
		return requiredKey(name).latestVersion();
	}

	/**
	 * Return the names of all keys, sorted.
	 * @return the key names
	 */
	public synchronized List<String> keyNames() {
		return List.copyOf(this.keys.keySet());
	}

	/**
	 * Set whether encrypting with a missing key fails instead of creating the key, as
	 * {@code disable_upsert} of {@code transit/config/keys} does.
	 * @param disabled whether upsert is disabled
	 */
	public synchronized void disableUpsert(boolean disabled) {
		this.upsertDisabled = disabled;
	}

	private TransitKey requiredKey(String name) {
		TransitKey key = this.keys.get(name);
		if (key == null) {
			throw new IllegalStateException("No transit key named '%s'".formatted(name));
		}
		return key;
	}

	Routes routes() {
		return new Routes().add("keys", Operation.LIST, this::listKeys)
			.add("keys/{name}", Operation.UPDATE, this::createKey)
			.add("keys/{name}", Operation.READ, this::readKey)
			.add("keys/{name}", Operation.DELETE, this::deleteKey)
			.add("keys/{name}/rotate", Operation.UPDATE, this::rotateKey)
			.add("keys/{name}/config", Operation.UPDATE, this::configureKey)
			.add("config/keys", Operation.READ, this::readConfig)
			.add("config/keys", Operation.UPDATE, this::writeConfig)
			.add("encrypt/{name}", Operation.UPDATE, this::encrypt)
			.add("decrypt/{name}", Operation.UPDATE, this::decrypt)
			.add("rewrap/{name}", Operation.UPDATE, this::rewrap)
			.add("datakey/{type}/{name}", Operation.UPDATE, this::dataKey)
			.add("hmac/{name}", Operation.UPDATE, this::hmac)
			.add("hmac/{name}/{algorithm}", Operation.UPDATE, this::hmac)
			.add("verify/{name}", Operation.UPDATE, this::verify)
			.add("verify/{name}/{algorithm}", Operation.UPDATE, this::verify);
	}

	private synchronized VaultReply listKeys(VaultRequest request, Map<String, String> variables) {
		if (this.keys.isEmpty()) {
			throw VaultApiException.notFound();
		}
		return Envelope.data(Map.of("keys", List.copyOf(this.keys.keySet()))).reply();
	}

	private synchronized VaultReply createKey(VaultRequest request, Map<String, String> variables) {
		String name = variables.getOrDefault("name", "");
		Fields fields = request.fields();
		Duration autoRotatePeriod = fields.duration("auto_rotate_period");
		if (!autoRotatePeriod.isZero() && autoRotatePeriod.compareTo(Duration.ofHours(1)) < 0) {
			throw VaultApiException.badRequest("auto rotate period must be 0 to disable or at least an hour");
		}
		boolean derived = fields.bool("derived", false);
		boolean convergent = fields.bool("convergent_encryption", false);
		if (convergent && !derived) {
			throw VaultApiException.badRequest("convergent encryption requires derivation to be enabled");
		}
		String type = keyType(fields);
		if (fields.has("key_size")) {
			throw VaultApiException.badRequest("key_size is not valid for algorithm " + type);
		}
		TransitKey existing = this.keys.get(name);
		if (existing != null) {
			return Envelope.data(existing.describe()).warning("key %s already existed".formatted(name)).reply();
		}
		TransitKey key = new TransitKey(name, type, derived, convergent, request.now());
		key.allow(fields.bool("exportable", false), fields.bool("allow_plaintext_backup", false));
		key.autoRotatePeriod(autoRotatePeriod);
		this.keys.put(name, key);
		return Envelope.data(key.describe()).reply();
	}

	private static String keyType(Fields fields) {
		String type = (fields.has("type")) ? fields.string("type") : DEFAULT_TYPE;
		if (TransitKey.TYPES.contains(type)) {
			return type;
		}
		if (OTHER_VAULT_TYPES.contains(type)) {
			throw VaultApiException.badRequest("key type %s is not supported by the Vault test double".formatted(type));
		}
		throw VaultApiException.badRequest("unknown key type " + type);
	}

	private synchronized VaultReply readKey(VaultRequest request, Map<String, String> variables) {
		TransitKey key = this.keys.get(variables.getOrDefault("name", ""));
		if (key == null) {
			throw VaultApiException.notFound();
		}
		return Envelope.data(key.describe()).reply();
	}

	private synchronized VaultReply deleteKey(VaultRequest request, Map<String, String> variables) {
		String name = variables.getOrDefault("name", "");
		TransitKey key = this.keys.get(name);
		if (key == null || !key.isDeletionAllowed()) {
			String reason = (key != null) ? "deletion is not allowed for this key" : "could not delete key; not found";
			throw VaultApiException.badRequest("error deleting policy %s: %s".formatted(name, reason));
		}
		this.keys.remove(name);
		return VaultReply.noContent();
	}

	private synchronized VaultReply rotateKey(VaultRequest request, Map<String, String> variables) {
		TransitKey key = this.keys.get(variables.getOrDefault("name", ""));
		if (key == null) {
			throw VaultApiException.badRequest("key not found");
		}
		key.rotate(request.now());
		return Envelope.data(key.describe()).reply();
	}

	private synchronized VaultReply configureKey(VaultRequest request, Map<String, String> variables) {
		String name = variables.getOrDefault("name", "");
		TransitKey key = this.keys.get(name);
		if (key == null) {
			throw VaultApiException.badRequest("no existing key named %s could be found".formatted(name));
		}
		return TransitKeyConfiguration.apply(key, request.fields());
	}

	private synchronized VaultReply readConfig(VaultRequest request, Map<String, String> variables) {
		return Envelope.data(Map.of("disable_upsert", this.upsertDisabled)).reply();
	}

	private synchronized VaultReply writeConfig(VaultRequest request, Map<String, String> variables) {
		this.upsertDisabled = request.fields().bool("disable_upsert", this.upsertDisabled);
		return Envelope.data(Map.of("disable_upsert", this.upsertDisabled)).reply();
	}

	private synchronized VaultReply encrypt(VaultRequest request, Map<String, String> variables) {
		Fields fields = request.fields();
		List<Fields> batch = fields.batch("batch_input");
		if (batch == null && !fields.has("plaintext")) {
			throw VaultApiException.badRequest("missing plaintext to encrypt");
		}
		List<Fields> items = items(fields, batch);
		boolean contextSet = requireConsistentContext(items);
		TransitKey key = keyForEncryption(variables.getOrDefault("name", ""), fields, contextSet, request.now());
		return run(fields, batch, (item) -> {
			byte[] plaintext = decode(item.string("plaintext"));
			String ciphertext = key.encrypt(item.integer("key_version", 0), decode(item.string("context")),
					decode(item.string("nonce")), plaintext, associatedData(item));
			return ciphertextResult(ciphertext, key, item);
		}, (error) -> Map.of("error", error));
	}

	private TransitKey keyForEncryption(String name, Fields fields, boolean contextSet, Instant now) {
		TransitKey key = this.keys.get(name);
		if (key != null) {
			return key;
		}
		if (this.upsertDisabled) {
			throw VaultApiException.badRequest("encryption key not found");
		}
		boolean convergent = fields.bool("convergent_encryption", false);
		if (convergent && !contextSet) {
			throw VaultApiException
				.badRequest("convergent encryption requires derivation to be enabled, so context is required");
		}
		TransitKey created = new TransitKey(name, keyType(fields), contextSet, convergent, now);
		this.keys.put(name, created);
		return created;
	}

	private synchronized VaultReply decrypt(VaultRequest request, Map<String, String> variables) {
		Fields fields = request.fields();
		List<Fields> batch = fields.batch("batch_input");
		if (batch == null && fields.string("ciphertext").isEmpty()) {
			throw VaultApiException.badRequest("missing ciphertext to decrypt");
		}
		requireConsistentContext(items(fields, batch));
		TransitKey key = existingKey(variables.getOrDefault("name", ""));
		return run(fields, batch, (item) -> {
			byte[] plaintext = key.decrypt(requiredCiphertext(item), decode(item.string("context")),
					associatedData(item));
			return Map.of("plaintext", Base64.getEncoder().encodeToString(plaintext));
		}, (error) -> errorWithPlaintext(error));
	}

	private synchronized VaultReply rewrap(VaultRequest request, Map<String, String> variables) {
		Fields fields = request.fields();
		List<Fields> batch = fields.batch("batch_input");
		if (batch == null && fields.string("ciphertext").isEmpty()) {
			throw VaultApiException.badRequest("missing ciphertext to decrypt");
		}
		requireConsistentContext(items(fields, batch));
		TransitKey key = existingKey(variables.getOrDefault("name", ""));
		return run(fields, batch, (item) -> {
			byte[] context = decode(item.string("context"));
			byte[] plaintext = key.decrypt(requiredCiphertext(item), context, new byte[0]);
			String ciphertext = key.encrypt(item.integer("key_version", 0), context, decode(item.string("nonce")),
					plaintext, new byte[0]);
			return ciphertextResult(ciphertext, key, item);
		}, (error) -> Map.of("error", error));
	}

	private synchronized VaultReply dataKey(VaultRequest request, Map<String, String> variables) {
		String plaintextOrWrapped = variables.getOrDefault("type", "");
		if (!"plaintext".equals(plaintextOrWrapped) && !"wrapped".equals(plaintextOrWrapped)) {
			throw VaultApiException.badRequest("Invalid path, must be 'plaintext' or 'wrapped'");
		}
		Fields fields = request.fields();
		byte[] context = decodeContext(fields.string("context"));
		TransitKey key = existingKey(variables.getOrDefault("name", ""));
		int bits = fields.integer("bits", 256);
		if (bits != 128 && bits != 256 && bits != 512) {
			throw VaultApiException.badRequest("invalid bit length");
		}
		byte[] dataKey = TransitKey.randomBytes(bits / 8);
		String ciphertext = key.encrypt(fields.integer("key_version", 0), context, new byte[0], dataKey,
				associatedData(fields));
		Map<String, Object> data = ciphertextResult(ciphertext, key, fields);
		if ("plaintext".equals(plaintextOrWrapped)) {
			data.put("plaintext", Base64.getEncoder().encodeToString(dataKey));
		}
		return Envelope.data(data).reply();
	}

	private synchronized VaultReply hmac(VaultRequest request, Map<String, String> variables) {
		Fields fields = request.fields();
		TransitKey key = existingKey(variables.getOrDefault("name", ""));
		int version = hmacVersion(key, fields.integer("key_version", 0));
		byte[] hmacKey = key.hmacKey(version);
		String algorithm = variables.getOrDefault("algorithm", fields.string("algorithm"));
		String macAlgorithm = HMAC_ALGORITHMS.get(algorithm.isEmpty() ? "sha2-256" : algorithm);
		if (macAlgorithm == null) {
			throw VaultApiException.badRequest("unsupported algorithm \"%s\"".formatted(algorithm));
		}
		List<Fields> batch = fields.batch("batch_input");
		if (batch == null && !fields.has("input")) {
			throw VaultApiException.badRequest("missing input for HMAC");
		}
		if (batch != null && batch.isEmpty()) {
			throw VaultApiException.badRequest("missing batch input to process");
		}
		return runHmac(fields, batch, (item) -> {
			byte[] input = decodeInput(item, "missing input for HMAC");
			byte[] mac = TransitKey.hmac(macAlgorithm, hmacKey, input);
			return Map.of("hmac", "vault:v%d:%s".formatted(version, Base64.getEncoder().encodeToString(mac)));
		});
	}

	private static int hmacVersion(TransitKey key, int requested) {
		if (requested == 0) {
			return key.latestVersion();
		}
		if (requested != key.latestVersion() && key.minEncryptionVersion() > 0
				&& requested < key.minEncryptionVersion()) {
			throw VaultApiException.badRequest("cannot generate HMAC: version is too old (disallowed by policy)");
		}
		return requested;
	}

	private synchronized VaultReply verify(VaultRequest request, Map<String, String> variables) {
		Fields fields = request.fields();
		TransitKey key = existingKey(variables.getOrDefault("name", ""));
		List<Fields> batch = fields.batch("batch_input");
		boolean hmacRequest = fields.has("hmac") || (batch != null && !batch.isEmpty() && batch.get(0).has("hmac"));
		if (!hmacRequest) {
			throw VaultApiException.badRequest("key type %s does not support verification".formatted(key.type()));
		}
		String algorithm = variables.getOrDefault("algorithm",
				firstNonEmpty(fields.string("hash_algorithm"), fields.string("algorithm"), "sha2-256"));
		String macAlgorithm = HMAC_ALGORITHMS.get(algorithm);
		if (macAlgorithm == null) {
			throw VaultApiException.badRequest("invalid hash algorithm \"%s\"".formatted(algorithm));
		}
		if (batch != null && batch.isEmpty()) {
			throw VaultApiException.badRequest("missing batch input to process");
		}
		return runHmac(fields, batch, (item) -> {
			byte[] input = decodeInput(item, "missing input");
			return Map.of("valid", verifyHmac(key, macAlgorithm, input, item));
		});
	}

	private static String firstNonEmpty(String... values) {
		for (String value : values) {
			if (!value.isEmpty()) {
				return value;
			}
		}
		return "";
	}

	private static byte[] decodeInput(Fields item, String missingMessage) {
		if (!item.has("input")) {
			throw VaultApiException.badRequest(missingMessage);
		}
		try {
			return decode(item.string("input"));
		}
		catch (VaultApiException ex) {
			throw VaultApiException.badRequest("unable to decode input as base64: " + ex.message());
		}
	}

	private TransitKey existingKey(String name) {
		TransitKey key = this.keys.get(name);
		if (key == null) {
			throw VaultApiException.badRequest("encryption key not found");
		}
		return key;
	}

	private static List<Fields> items(Fields fields, @Nullable List<Fields> batch) {
		if (batch == null) {
			return List.of(fields);
		}
		if (batch.isEmpty()) {
			throw VaultApiException.badRequest("missing batch input to process");
		}
		return batch;
	}

	private static boolean requireConsistentContext(List<Fields> items) {
		boolean contextSet = !items.get(0).string("context").isEmpty();
		for (Fields item : items) {
			if (item.string("context").isEmpty() == contextSet) {
				throw VaultApiException.badRequest("context should be set either in all the request blocks or in none");
			}
		}
		return contextSet;
	}

	private static String requiredCiphertext(Fields item) {
		String ciphertext = item.string("ciphertext");
		if (ciphertext.isEmpty()) {
			throw VaultApiException.badRequest("missing ciphertext to decrypt");
		}
		return ciphertext;
	}

	private static Map<String, Object> ciphertextResult(String ciphertext, TransitKey key, Fields item) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("ciphertext", ciphertext);
		int requested = item.integer("key_version", 0);
		result.put("key_version", (requested != 0) ? requested : key.latestVersion());
		return result;
	}

	private static Map<String, Object> errorWithPlaintext(String error) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("plaintext", "");
		result.put("error", error);
		return result;
	}

	private static byte[] associatedData(Fields item) {
		String associatedData = item.string("associated_data");
		try {
			return decode(associatedData);
		}
		catch (VaultApiException ex) {
			throw VaultApiException
				.internal("unable to get associated_data/additional_data from factory[0]: " + ex.message());
		}
	}

	private static boolean verifyHmac(TransitKey key, String macAlgorithm, byte[] input, Fields item) {
		if (!item.has("hmac")) {
			throw VaultApiException.badRequest("missing hmac");
		}
		String hmac = item.string("hmac");
		if (!hmac.startsWith("vault:v")) {
			throw VaultApiException.badRequest("invalid HMAC to verify: no prefix");
		}
		String[] parts = hmac.substring("vault:v".length()).split(":", 2);
		if (parts.length != 2) {
			throw VaultApiException.badRequest("invalid HMAC: wrong number of fields");
		}
		int version = parseHmacVersion(parts[0]);
		byte[] expected = decodeHmac(parts[1]);
		if (version > key.latestVersion()) {
			throw VaultApiException.badRequest("invalid HMAC: version is too new");
		}
		if (version < key.minDecryptionVersion()) {
			throw VaultApiException.badRequest("cannot verify HMAC: version is too old (disallowed by policy)");
		}
		byte[] actual = TransitKey.hmac(macAlgorithm, key.hmacKey(version), input);
		return MessageDigest.isEqual(expected, actual);
	}

	private static int parseHmacVersion(String text) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw VaultApiException.badRequest("invalid HMAC: version number could not be decoded");
		}
	}

	private static byte[] decodeHmac(String text) {
		try {
			return decode(text);
		}
		catch (VaultApiException ex) {
			throw VaultApiException.badRequest("unable to decode verification HMAC as base64: " + ex.message());
		}
	}

	/**
	 * Decode standard, padded base64 as Go does, with Go's error message.
	 * @param value the base64 text
	 * @return the bytes
	 */
	private static byte[] decode(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean padding = c == '=' && i >= value.length() - 2;
			if (!padding && BASE64_ALPHABET.indexOf(c) < 0) {
				throw VaultApiException.badRequest("illegal base64 data at input byte " + i);
			}
		}
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw VaultApiException.badRequest("illegal base64 data at input byte " + (value.length() / 4) * 4);
		}
	}

	private static byte[] decodeContext(String context) {
		try {
			return decode(context);
		}
		catch (VaultApiException ex) {
			throw VaultApiException.badRequest("failed to base64-decode context");
		}
	}

	private static VaultReply run(Fields fields, @Nullable List<Fields> batch, ItemOperation operation,
			FailureResult failure) {
		if (batch == null) {
			return Envelope.data(operation.apply(fields)).reply();
		}
		TransitBatch results = new TransitBatch();
		for (Fields item : batch) {
			try {
				results.succeeded(operation.apply(item), item.string("reference"));
			}
			catch (VaultApiException ex) {
				results.failed(failure.apply(ex.message()), item.string("reference"), ex.status() >= 500);
			}
		}
		return results.reply(fields, true);
	}

	private static VaultReply runHmac(Fields fields, @Nullable List<Fields> batch, ItemOperation operation) {
		if (batch == null) {
			return Envelope.data(operation.apply(fields)).reply();
		}
		TransitBatch results = new TransitBatch();
		for (Fields item : batch) {
			try {
				Map<String, Object> result = new LinkedHashMap<>(operation.apply(item));
				result.remove("valid", false);
				results.succeeded(result, item.string("reference"));
			}
			catch (VaultApiException ex) {
				results.failed(Map.of("error", ex.message()), item.string("reference"), ex.status() >= 500);
			}
		}
		return results.reply(fields, false);
	}

	@Override
	public String toString() {
		return "VaultTransit[mountPath='%s']".formatted(this.mountPath);
	}

	/**
	 * One item of a possibly batched Transit operation.
	 */
	@FunctionalInterface
	private interface ItemOperation {

		Map<String, Object> apply(Fields item);

	}

	/**
	 * The result of a failed batch item, built from its error message.
	 */
	@FunctionalInterface
	private interface FailureResult {

		Map<String, Object> apply(String error);

	}

}
