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

import java.io.IOException;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.vault.client.VaultClientResponseException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.Ciphertext;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultTransitKey;
import org.springframework.web.client.RestClientResponseException;

/**
 * Master key kept in Vault's Transit secrets engine. Data keys come from
 * {@code datakey/plaintext}, which Spring Vault's transit operations do not cover (so it
 * is written directly), are unwrapped by {@code decrypt} and moved to the latest key
 * version by {@code rewrap}; the Transit key never leaves Vault.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionVaultKeyProvider implements HipaaGrpcEncryptionKeyProvider {

	private static final int BAD_REQUEST = 400;

	private static final String PREFIX = "vault:v";

	private final VaultOperations vault;

	private final String transitPath;

	private final String keyName;

	/**
	 * Create a provider for a Transit key.
	 * @param vault the Vault connection
	 * @param transitPath the path the Transit engine is mounted at
	 * @param keyName the name of the Transit key
	 */
	public HipaaGrpcEncryptionVaultKeyProvider(VaultOperations vault, String transitPath, String keyName) {
		Assert.notNull(vault, "'vault' must not be null");
		Assert.hasText(transitPath, "'transitPath' must not be empty");
		Assert.hasText(keyName, "'keyName' must not be empty");
		this.vault = vault;
		this.transitPath = transitPath;
		this.keyName = keyName;
	}

	@Override
	public GeneratedKey generate() {
		Map<String, Object> data = call("generate a data key", path("datakey/plaintext"), Map.of("bits", 256));
		String ciphertext = string(data, "ciphertext");
		byte[] plaintext = Base64.getDecoder().decode(string(data, "plaintext"));
		return new GeneratedKey(plaintext, new WrappedKey(ciphertext, version(ciphertext)));
	}

	@Override
	public byte[] unwrap(String wrappedKey) {
		Assert.hasText(wrappedKey, "'wrappedKey' must not be empty");
		Plaintext plaintext;
		try {
			plaintext = this.vault.opsForTransit(this.transitPath).decrypt(this.keyName, Ciphertext.of(wrappedKey));
		}
		catch (RuntimeException ex) {
			throw failure("unwrap a data key", ex);
		}
		if (plaintext == null) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit returned no plaintext for key '%s'".formatted(this.keyName));
		}
		return plaintext.getPlaintext();
	}

	@Override
	public WrappedKey rewrap(String wrappedKey) {
		Assert.hasText(wrappedKey, "'wrappedKey' must not be empty");
		String ciphertext;
		try {
			ciphertext = this.vault.opsForTransit(this.transitPath).rewrap(this.keyName, wrappedKey);
		}
		catch (RuntimeException ex) {
			throw failure("rewrap a data key", ex);
		}
		if (ciphertext == null || ciphertext.isEmpty()) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit returned no ciphertext for key '%s'".formatted(this.keyName));
		}
		return new WrappedKey(ciphertext, version(ciphertext));
	}

	@Override
	public int latestVersion() {
		VaultTransitKey key;
		try {
			key = this.vault.opsForTransit(this.transitPath).getKey(this.keyName);
		}
		catch (RuntimeException ex) {
			throw failure("read the key", ex);
		}
		if (key == null) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit key '%s' does not exist at '%s'".formatted(this.keyName, this.transitPath));
		}
		return key.getLatestVersion();
	}

	private String path(String operation) {
		return this.transitPath + "/" + operation + "/" + this.keyName;
	}

	private Map<String, Object> call(String operation, String path, Map<String, Object> body) {
		VaultResponse response;
		try {
			response = this.vault.write(path, body);
		}
		catch (RuntimeException ex) {
			throw failure(operation, ex);
		}
		Map<String, Object> data = (response != null) ? response.getData() : null;
		if (data == null) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit returned no data to %s with key '%s'".formatted(operation, this.keyName));
		}
		return data;
	}

	private HipaaGrpcEncryptionException failure(String operation, RuntimeException ex) {
		String message = "Vault Transit could not %s with key '%s' at '%s'".formatted(operation, this.keyName,
				this.transitPath);
		if (status(ex) == BAD_REQUEST && cause(ex, IOException.class) == null) {
			return new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED, message, ex);
		}
		return new HipaaGrpcEncryptionKeyUnavailableException(message, ex);
	}

	private static int status(RuntimeException ex) {
		RestClientResponseException rest = cause(ex, RestClientResponseException.class);
		if (rest != null) {
			return rest.getStatusCode().value();
		}
		VaultClientResponseException vault = cause(ex, VaultClientResponseException.class);
		return (vault != null) ? vault.getStatusCode().value() : 0;
	}

	private static <E extends Throwable> @Nullable E cause(Throwable ex, Class<E> type) {
		Throwable candidate = ex;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	private String string(Map<String, Object> data, String name) {
		Object value = data.get(name);
		if (!(value instanceof String text) || text.isEmpty()) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit returned no '%s' for key '%s'".formatted(name, this.keyName));
		}
		return text;
	}

	private int version(String ciphertext) {
		int end = ciphertext.indexOf(':', PREFIX.length());
		if (!ciphertext.startsWith(PREFIX) || end < 0) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit returned a wrapped key without a version for key '%s'".formatted(this.keyName));
		}
		try {
			return Integer.parseInt(ciphertext.substring(PREFIX.length(), end));
		}
		catch (NumberFormatException ex) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
					"Vault Transit returned a wrapped key without a version for key '%s'".formatted(this.keyName), ex);
		}
	}

	@Override
	public String toString() {
		return "Vault Transit key '%s' at '%s'".formatted(this.keyName, this.transitPath);
	}

}
