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

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultTransitOperations;
import org.springframework.vault.support.Ciphertext;
import org.springframework.vault.support.Hmac;
import org.springframework.vault.support.Plaintext;
import org.springframework.vault.support.VaultDecryptionResult;
import org.springframework.vault.support.VaultEncryptionResult;
import org.springframework.vault.support.VaultSignatureVerificationRequest;
import org.springframework.vault.support.VaultTransitContext;
import org.springframework.vault.support.VaultTransitKeyConfiguration;
import org.springframework.vault.support.VaultTransitKeyCreationRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link VaultTransit} driven by Spring Vault's {@link VaultTransitOperations}.
 */
class SpringVaultTransitTests {

	private final LocalVaultServer vault = LocalVaultServer.start();

	private final VaultTransitOperations transit = new VaultTemplate(VaultEndpoint.from(this.vault.uri()),
			new TokenAuthentication(this.vault.rootToken()))
		.opsForTransit();

	@AfterEach
	void closeServer() {
		this.vault.close();
	}

	@Test
	void encryptWhenDecryptedReturnsPlaintext() {
		this.transit.createKey("orders");
		String ciphertext = this.transit.encrypt("orders", "patient 42");
		assertThat(ciphertext).startsWith("vault:v1:");
		assertThat(this.transit.decrypt("orders", ciphertext)).isEqualTo("patient 42");
	}

	@Test
	void encryptWhenDerivedKeyUsedWithContextRoundTrips() {
		this.transit.createKey("patients", VaultTransitKeyCreationRequest.builder().derived(true).build());
		VaultTransitContext context = VaultTransitContext.builder()
			.context("patient-42".getBytes(StandardCharsets.UTF_8))
			.build();
		Ciphertext ciphertext = this.transit.encrypt("patients", Plaintext.of("chart").with(context));
		assertThat(this.transit.decrypt("patients", ciphertext).asString()).isEqualTo("chart");
		assertThat(this.transit.getKey("patients")).satisfies((key) -> assertThat(key.isDerived()).isTrue());
	}

	@Test
	void rewrapWhenKeyRotatedUsesLatestVersion() {
		this.transit.createKey("orders");
		String ciphertext = this.transit.encrypt("orders", "patient 42");
		this.transit.rotate("orders");
		assertThat(this.transit.getKey("orders")).satisfies((key) -> assertThat(key.getLatestVersion()).isEqualTo(2));
		String rewrapped = this.transit.rewrap("orders", ciphertext);
		assertThat(rewrapped).startsWith("vault:v2:");
		assertThat(this.transit.decrypt("orders", rewrapped)).isEqualTo("patient 42");
	}

	@Test
	void decryptWhenBelowMinDecryptionVersionFails() {
		this.transit.createKey("orders");
		String ciphertext = this.transit.encrypt("orders", "patient 42");
		this.transit.rotate("orders");
		this.transit.configureKey("orders", VaultTransitKeyConfiguration.builder().minDecryptionVersion(2).build());
		assertThatExceptionOfType(VaultException.class).isThrownBy(() -> this.transit.decrypt("orders", ciphertext))
			.withMessageContaining("400")
			.withMessageContaining("disallowed by policy (too old)");
	}

	@Test
	void getKeyWhenMissingReturnsNullAndGetKeysListsKeys() {
		assertThat(this.transit.getKeys()).isEmpty();
		assertThat(this.transit.getKey("missing")).isNull();
		this.transit.createKey("orders");
		this.transit.createKey("billing", VaultTransitKeyCreationRequest.builder().type("chacha20-poly1305").build());
		assertThat(this.transit.getKeys()).containsExactly("billing", "orders");
		assertThat(this.transit.getKey("billing"))
			.satisfies((key) -> assertThat(key.getType()).isEqualTo("chacha20-poly1305"));
	}

	@Test
	void batchEncryptWhenAllItemsSucceedReturnsCiphertexts() {
		this.transit.createKey("orders");
		List<VaultEncryptionResult> results = this.transit.encrypt("orders",
				List.of(Plaintext.of("one"), Plaintext.of("two")));
		assertThat(results).allSatisfy((result) -> assertThat(result.isSuccessful()).isTrue());
		Ciphertext second = results.get(1).get();
		assertThat(this.transit.decrypt("orders", List.of(results.get(0).get(), second)))
			.extracting(VaultDecryptionResult::getAsString)
			.containsExactly("one", "two");
	}

	@Test
	void batchDecryptWhenOneItemFailsThrowsBadRequest() {
		this.transit.createKey("orders");
		Ciphertext valid = this.transit.encrypt("orders", Plaintext.of("one"));
		Ciphertext tampered = Ciphertext.of("vault:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
		assertThatExceptionOfType(VaultException.class)
			.isThrownBy(() -> this.transit.decrypt("orders", List.of(valid, tampered)))
			.withMessageContaining("400");
	}

	@Test
	void hmacWhenVerifiedIsValid() {
		this.transit.createKey("orders");
		Hmac hmac = this.transit.getHmac("orders", Plaintext.of("patient 42"));
		assertThat(hmac.getHmac()).startsWith("vault:v1:");
		VaultSignatureVerificationRequest valid = VaultSignatureVerificationRequest.create(Plaintext.of("patient 42"),
				hmac);
		assertThat(this.transit.verify("orders", valid).isValid()).isTrue();
		VaultSignatureVerificationRequest invalid = VaultSignatureVerificationRequest.create(Plaintext.of("other"),
				hmac);
		assertThat(this.transit.verify("orders", invalid).isValid()).isFalse();
	}

	@Test
	void deleteKeyWhenDeletionAllowedRemovesKey() {
		this.transit.createKey("orders");
		assertThatExceptionOfType(VaultException.class).isThrownBy(() -> this.transit.deleteKey("orders"))
			.withMessageContaining("deletion is not allowed for this key");
		this.transit.configureKey("orders", VaultTransitKeyConfiguration.builder().deletionAllowed(true).build());
		this.transit.deleteKey("orders");
		assertThat(this.transit.getKeys()).isEmpty();
	}

}
