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
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link VaultTransit} over raw HTTP: ciphertext format, error strings, batch
 * responses, key management, data keys and HMACs.
 */
class VaultTransitTests {

	private static final String HELLO = base64("hello, world");

	private final LocalVaultServer vault = LocalVaultServer.start();

	private final VaultHttp http = new VaultHttp(this.vault, this.vault.rootToken());

	@AfterEach
	void closeServer() {
		this.vault.close();
	}

	@Test
	void encryptWhenKeyExistsReturnsVersionedNonceCiphertextAndTag() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = encrypt("orders", "{\"plaintext\":\"" + HELLO + "\"}");
		assertThat(response.status()).isEqualTo(200);
		String ciphertext = response.string("$.data.ciphertext");
		assertThat(ciphertext).startsWith("vault:v1:");
		byte[] decoded = Base64.getDecoder().decode(ciphertext.substring("vault:v1:".length()));
		assertThat(decoded).hasSize(12 + "hello, world".length() + 16);
		assertThat(response.json()).extractingPath("$.data.key_version").asNumber().isEqualTo(1);
		assertThat(response.json()).extractingPath("$.mount_type").asString().isEqualTo("transit");
		assertThat(decrypt("orders", "{\"ciphertext\":\"" + ciphertext + "\"}").string("$.data.plaintext"))
			.isEqualTo(HELLO);
	}

	@Test
	void encryptWhenKeyMissingCreatesKeyLikeVault() {
		VaultHttp.Response response = encrypt("new-key", "{\"plaintext\":\"" + HELLO + "\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.vault.transit().keyNames()).containsExactly("new-key");
	}

	@Test
	void encryptWhenUpsertDisabledAndKeyMissingIsBadRequest() {
		VaultHttp.Response config = this.http.post("transit/config/keys", "{\"disable_upsert\":true}");
		assertThat(config.json()).extractingPath("$.data.disable_upsert").asBoolean().isTrue();
		VaultHttp.Response response = encrypt("missing", "{\"plaintext\":\"" + HELLO + "\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"encryption key not found\"]}");
	}

	@Test
	void encryptWhenPlaintextMissingIsBadRequest() {
		VaultHttp.Response response = encrypt("orders", "{}");
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"missing plaintext to encrypt\"]}");
	}

	@Test
	void encryptWhenPlaintextNotBase64IsBadRequest() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = encrypt("orders", "{\"plaintext\":\"not base64!\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"illegal base64 data at input byte 3\"]}");
	}

	@Test
	void encryptWhenKeyVersionSentAsStringUsesIt() {
		this.vault.transit().createKey("orders");
		this.vault.transit().rotateKey("orders");
		VaultHttp.Response response = encrypt("orders", "{\"plaintext\":\"" + HELLO + "\",\"key_version\":\"1\"}");
		assertThat(response.string("$.data.ciphertext")).startsWith("vault:v1:");
		assertThat(response.json()).extractingPath("$.data.key_version").asNumber().isEqualTo(1);
		VaultHttp.Response tooNew = encrypt("orders", "{\"plaintext\":\"" + HELLO + "\",\"key_version\":3}");
		assertThat(tooNew.json()).isStrictlyEqualTo(
				"{\"errors\":[\"requested version for encryption is higher than the latest key version\"]}");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			v1:abc                 | invalid ciphertext: no prefix
			vault:v1               | invalid ciphertext: wrong number of fields
			vault:vx:abc           | invalid ciphertext: version number could not be decoded
			vault:v9:abc           | invalid ciphertext: version is too new
			vault:v1:not base64!   | invalid ciphertext: could not decode base64
			vault:v1:AAAA          | invalid ciphertext length
			vault:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | cipher: message authentication failed
			""")
	void decryptWhenCiphertextInvalidAnswersVaultError(String ciphertext, String error) {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = decrypt("orders", "{\"ciphertext\":\"" + ciphertext + "\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"" + error + "\"]}");
	}

	@Test
	void decryptWhenBelowMinDecryptionVersionIsTooOld() {
		this.vault.transit().createKey("orders");
		String ciphertext = ciphertext("orders", HELLO);
		this.vault.transit().rotateKey("orders");
		VaultHttp.Response config = this.http.post("transit/keys/orders/config", "{\"min_decryption_version\":2}");
		assertThat(config.json()).extractingPath("$.data.min_decryption_version").asNumber().isEqualTo(2);
		VaultHttp.Response response = decrypt("orders", "{\"ciphertext\":\"" + ciphertext + "\"}");
		assertThat(response.json())
			.isStrictlyEqualTo("{\"errors\":[\"ciphertext or signature version is disallowed by policy (too old)\"]}");
	}

	@Test
	void decryptWhenKeyMissingIsBadRequest() {
		VaultHttp.Response response = decrypt("missing", "{\"ciphertext\":\"vault:v1:abc\"}");
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"encryption key not found\"]}");
	}

	@Test
	void batchEncryptWhenItemFailsIsBadRequestWithDataEnvelope() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = encrypt("orders", "{\"batch_input\":[{\"plaintext\":\"" + HELLO
				+ "\",\"reference\":\"a\"},{\"plaintext\":\"%%%\",\"reference\":\"b\"}]}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).doesNotHavePath("$.errors");
		assertThat(response.json()).extractingPath("$.data.batch_results[0].ciphertext")
			.asString()
			.startsWith("vault:v1:");
		assertThat(response.json()).extractingPath("$.data.batch_results[0].key_version").asNumber().isEqualTo(1);
		assertThat(response.json()).extractingPath("$.data.batch_results[0].reference").asString().isEqualTo("a");
		assertThat(response.json()).doesNotHavePath("$.data.batch_results[0].error");
		assertThat(response.json()).extractingPath("$.data.batch_results[1].error")
			.asString()
			.isEqualTo("illegal base64 data at input byte 0");
		assertThat(response.json()).extractingPath("$.data.batch_results[1].reference").asString().isEqualTo("b");
		assertThat(response.json()).doesNotHavePath("$.data.batch_results[1].ciphertext");
	}

	@Test
	void batchDecryptWhenPartialFailureCodeGivenAnswersIt() {
		this.vault.transit().createKey("orders");
		String ciphertext = ciphertext("orders", HELLO);
		VaultHttp.Response response = decrypt("orders", "{\"partial_failure_response_code\":207,\"batch_input\":"
				+ "[{\"ciphertext\":\"" + ciphertext + "\"},{\"ciphertext\":\"vault:v1:AAAA\"}]}");
		assertThat(response.status()).isEqualTo(207);
		assertThat(response.json()).extractingPath("$.data.batch_results[0].plaintext").asString().isEqualTo(HELLO);
		assertThat(response.json()).extractingPath("$.data.batch_results[1].plaintext").asString().isEmpty();
		assertThat(response.json()).extractingPath("$.data.batch_results[1].error")
			.asString()
			.isEqualTo("invalid ciphertext length");
		assertThat(response.json()).extractingPath("$.data.batch_results[1].reference").asString().isEmpty();
	}

	@Test
	void batchWhenAllItemsSucceedIsOk() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = encrypt("orders",
				"{\"batch_input\":[{\"plaintext\":\"" + HELLO + "\"},{\"plaintext\":\"\"}]}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.data.batch_results").asArray().hasSize(2);
	}

	@Test
	void batchWhenContextSetOnlyOnSomeItemsIsBadRequest() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = encrypt("orders", "{\"batch_input\":[{\"plaintext\":\"" + HELLO
				+ "\",\"context\":\"" + base64("a") + "\"},{\"plaintext\":\"" + HELLO + "\"}]}");
		assertThat(response.json())
			.isStrictlyEqualTo("{\"errors\":[\"context should be set either in all the request blocks or in none\"]}");
	}

	@Test
	void readKeyWhenKeyExistsDescribesIt() {
		this.vault.transit().createKey("orders");
		this.vault.transit().rotateKey("orders");
		VaultHttp.Response response = this.http.get("transit/keys/orders");
		assertThat(response.json()).extractingPath("$.data.name").asString().isEqualTo("orders");
		assertThat(response.json()).extractingPath("$.data.type").asString().isEqualTo("aes256-gcm96");
		assertThat(response.json()).extractingPath("$.data.latest_version").asNumber().isEqualTo(2);
		assertThat(response.json()).extractingPath("$.data.min_decryption_version").asNumber().isEqualTo(1);
		assertThat(response.json()).extractingPath("$.data.min_encryption_version").asNumber().isEqualTo(0);
		assertThat(response.json()).extractingPath("$.data.keys").asMap().containsOnlyKeys("1", "2");
		assertThat(response.json()).extractingPath("$.data.keys.1").asNumber().isNotNull();
		assertThat(response.json()).extractingPath("$.data.supports_encryption").asBoolean().isTrue();
		assertThat(response.json()).extractingPath("$.data.derived").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.data.imported_key").asBoolean().isFalse();
	}

	@Test
	void readKeyWhenKeyMissingIsNotFoundWithEmptyErrors() {
		VaultHttp.Response response = this.http.get("transit/keys/missing");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[]}");
	}

	@Test
	void listKeysWhenEmptyIsNotFoundAndWhenNotEmptyListsNames() {
		VaultHttp.Response empty = this.http.get("transit/keys?list=true");
		assertThat(empty.status()).isEqualTo(404);
		assertThat(empty.json()).isStrictlyEqualTo("{\"errors\":[]}");
		this.vault.transit().createKey("b");
		this.vault.transit().createKey("a");
		assertThat(this.http.list("transit/keys").json()).extractingPath("$.data.keys")
			.asArray()
			.containsExactly("a", "b");
		assertThat(this.http.get("transit/keys/?list=true").status()).isEqualTo(200);
	}

	@Test
	void createKeyWhenPostedReturnsKeyAndWhenRepeatedWarns() {
		VaultHttp.Response created = this.http.post("transit/keys/orders", "{\"type\":\"chacha20-poly1305\"}");
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json()).extractingPath("$.data.type").asString().isEqualTo("chacha20-poly1305");
		VaultHttp.Response repeated = this.http.post("transit/keys/orders", "");
		assertThat(repeated.json()).extractingPath("$.warnings")
			.asArray()
			.containsExactly("key orders already existed");
	}

	@Test
	void createKeyWhenTypeUnknownIsBadRequest() {
		VaultHttp.Response response = this.http.post("transit/keys/orders", "{\"type\":\"rot13\"}");
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"unknown key type rot13\"]}");
		VaultHttp.Response convergent = this.http.post("transit/keys/orders", "{\"convergent_encryption\":true}");
		assertThat(convergent.json())
			.isStrictlyEqualTo("{\"errors\":[\"convergent encryption requires derivation to be enabled\"]}");
	}

	@Test
	void rotateWhenBodyEmptyAddsVersionAndWhenKeyMissingIsBadRequest() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = this.http.post("transit/keys/orders/rotate", "");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.data.latest_version").asNumber().isEqualTo(2);
		assertThat(this.vault.transit().latestVersion("orders")).isEqualTo(2);
		VaultHttp.Response missing = this.http.post("transit/keys/missing/rotate", "");
		assertThat(missing.json()).isStrictlyEqualTo("{\"errors\":[\"key not found\"]}");
	}

	@Test
	void rewrapWhenKeyRotatedUsesLatestVersion() {
		this.vault.transit().createKey("orders");
		String ciphertext = ciphertext("orders", HELLO);
		this.vault.transit().rotateKey("orders");
		VaultHttp.Response response = this.http.post("transit/rewrap/orders",
				"{\"ciphertext\":\"" + ciphertext + "\"}");
		String rewrapped = response.string("$.data.ciphertext");
		assertThat(rewrapped).startsWith("vault:v2:");
		assertThat(response.json()).doesNotHavePath("$.data.plaintext");
		assertThat(decrypt("orders", "{\"ciphertext\":\"" + rewrapped + "\"}").string("$.data.plaintext"))
			.isEqualTo(HELLO);
	}

	@Test
	void configWhenVersionsInvalidIsBadRequest() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response tooHigh = this.http.post("transit/keys/orders/config", "{\"min_decryption_version\":5}");
		assertThat(tooHigh.json())
			.isStrictlyEqualTo("{\"errors\":[\"cannot set min decryption version of 5, latest key version is 1\"]}");
		VaultHttp.Response missing = this.http.post("transit/keys/missing/config", "{}");
		assertThat(missing.json()).isStrictlyEqualTo("{\"errors\":[\"no existing key named missing could be found\"]}");
	}

	@Test
	void deleteWhenNotAllowedIsBadRequestAndWhenAllowedRemovesKey() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response refused = this.http.delete("transit/keys/orders");
		assertThat(refused.json())
			.isStrictlyEqualTo("{\"errors\":[\"error deleting policy orders: deletion is not allowed for this key\"]}");
		this.http.post("transit/keys/orders/config", "{\"deletion_allowed\":true}");
		VaultHttp.Response deleted = this.http.delete("transit/keys/orders");
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(this.vault.transit().keyNames()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> this.vault.transit().latestVersion("orders"));
	}

	@Test
	void dataKeyWhenPlaintextRequestedReturnsKeyAndItsCiphertext() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = this.http.post("transit/datakey/plaintext/orders", "{\"bits\":128}");
		assertThat(response.status()).isEqualTo(200);
		byte[] dataKey = Base64.getDecoder().decode(response.string("$.data.plaintext"));
		assertThat(dataKey).hasSize(16);
		assertThat(response.json()).extractingPath("$.data.key_version").asNumber().isEqualTo(1);
		String unwrapped = decrypt("orders", "{\"ciphertext\":\"" + response.string("$.data.ciphertext") + "\"}")
			.string("$.data.plaintext");
		assertThat(Base64.getDecoder().decode(unwrapped)).isEqualTo(dataKey);
	}

	@Test
	void dataKeyWhenWrappedRequestedOmitsPlaintext() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = this.http.post("transit/datakey/wrapped/orders", "");
		assertThat(response.json()).doesNotHavePath("$.data.plaintext");
		assertThat(response.json()).extractingPath("$.data.ciphertext").asString().startsWith("vault:v1:");
	}

	@Test
	void dataKeyWhenTypeOrBitsInvalidIsBadRequest() {
		this.vault.transit().createKey("orders");
		assertThat(this.http.post("transit/datakey/raw/orders", "").json())
			.isStrictlyEqualTo("{\"errors\":[\"Invalid path, must be 'plaintext' or 'wrapped'\"]}");
		assertThat(this.http.post("transit/datakey/plaintext/orders", "{\"bits\":64}").json())
			.isStrictlyEqualTo("{\"errors\":[\"invalid bit length\"]}");
	}

	@Test
	void hmacWhenVerifiedIsValidAndWhenInputChangedIsNot() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = this.http.post("transit/hmac/orders/sha2-512", "{\"input\":\"" + HELLO + "\"}");
		String hmac = response.string("$.data.hmac");
		assertThat(hmac).startsWith("vault:v1:");
		assertThat(Base64.getDecoder().decode(hmac.substring(9))).hasSize(64);
		VaultHttp.Response valid = this.http.post("transit/verify/orders/sha2-512",
				"{\"input\":\"" + HELLO + "\",\"hmac\":\"" + hmac + "\"}");
		assertThat(valid.json()).extractingPath("$.data.valid").asBoolean().isTrue();
		VaultHttp.Response invalid = this.http.post("transit/verify/orders",
				"{\"input\":\"" + base64("other") + "\",\"hmac\":\"" + hmac + "\",\"algorithm\":\"sha2-512\"}");
		assertThat(invalid.json()).extractingPath("$.data.valid").asBoolean().isFalse();
	}

	@Test
	void hmacWhenBatchItemFailsStillAnswersOk() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = this.http.post("transit/hmac/orders",
				"{\"batch_input\":[{\"input\":\"" + HELLO + "\"},{\"input\":\"%%%\"}]}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.data.batch_results[0].hmac").asString().startsWith("vault:v1:");
		assertThat(response.json()).extractingPath("$.data.batch_results[1].error")
			.asString()
			.startsWith("unable to decode input as base64");
	}

	@Test
	void verifyWhenHmacMalformedIsBadRequest() {
		this.vault.transit().createKey("orders");
		VaultHttp.Response response = this.http.post("transit/verify/orders",
				"{\"input\":\"" + HELLO + "\",\"hmac\":\"abc\"}");
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"invalid HMAC to verify: no prefix\"]}");
	}

	@Test
	void encryptWhenDerivedKeyUsedWithoutContextIsBadRequest() {
		this.http.post("transit/keys/patients", "{\"derived\":true}");
		VaultHttp.Response response = encrypt("patients", "{\"plaintext\":\"" + HELLO + "\"}");
		assertThat(response.json()).extractingPath("$.errors[0]")
			.asString()
			.startsWith("missing 'context' for key derivation");
		String context = base64("patient-1");
		String ciphertext = encrypt("patients", "{\"plaintext\":\"" + HELLO + "\",\"context\":\"" + context + "\"}")
			.string("$.data.ciphertext");
		String otherContext = base64("patient-2");
		VaultHttp.Response wrongContext = decrypt("patients",
				"{\"ciphertext\":\"" + ciphertext + "\",\"context\":\"" + otherContext + "\"}");
		assertThat(wrongContext.json()).isStrictlyEqualTo("{\"errors\":[\"cipher: message authentication failed\"]}");
		VaultHttp.Response rightContext = decrypt("patients",
				"{\"ciphertext\":\"" + ciphertext + "\",\"context\":\"" + context + "\"}");
		assertThat(rightContext.string("$.data.plaintext")).isEqualTo(HELLO);
	}

	@Test
	void encryptWhenAssociatedDataGivenBindsCiphertextToIt() {
		this.vault.transit().createKey("orders");
		String associatedData = base64("record-42");
		String ciphertext = encrypt("orders",
				"{\"plaintext\":\"" + HELLO + "\",\"associated_data\":\"" + associatedData + "\"}")
			.string("$.data.ciphertext");
		VaultHttp.Response without = decrypt("orders", "{\"ciphertext\":\"" + ciphertext + "\"}");
		assertThat(without.json()).isStrictlyEqualTo("{\"errors\":[\"cipher: message authentication failed\"]}");
		VaultHttp.Response with = decrypt("orders",
				"{\"ciphertext\":\"" + ciphertext + "\",\"associated_data\":\"" + associatedData + "\"}");
		assertThat(with.string("$.data.plaintext")).isEqualTo(HELLO);
	}

	@Test
	void encryptWhenConvergentKeyUsedIsDeterministicPerContext() {
		this.http.post("transit/keys/ids", "{\"derived\":true,\"convergent_encryption\":true}");
		String body = "{\"plaintext\":\"" + HELLO + "\",\"context\":\"" + base64("tenant-1") + "\"}";
		String first = encrypt("ids", body).string("$.data.ciphertext");
		assertThat(encrypt("ids", body).string("$.data.ciphertext")).isEqualTo(first);
		String otherContext = "{\"plaintext\":\"" + HELLO + "\",\"context\":\"" + base64("tenant-2") + "\"}";
		assertThat(encrypt("ids", otherContext).string("$.data.ciphertext")).isNotEqualTo(first);
		VaultHttp.Response readKey = this.http.get("transit/keys/ids");
		assertThat(readKey.json()).extractingPath("$.data.convergent_encryption_version").asNumber().isEqualTo(3);
		assertThat(readKey.json()).extractingPath("$.data.kdf").asString().isEqualTo("hkdf_sha256");
	}

	@ParameterizedTest
	@CsvSource({ "aes128-gcm96", "aes256-gcm96", "chacha20-poly1305" })
	void encryptWhenKeyTypeSupportedRoundTrips(String type) {
		this.http.post("transit/keys/typed", "{\"type\":\"" + type + "\"}");
		String ciphertext = ciphertext("typed", HELLO);
		assertThat(Base64.getDecoder().decode(ciphertext.substring(9))).hasSize(12 + 12 + 16);
		assertThat(decrypt("typed", "{\"ciphertext\":\"" + ciphertext + "\"}").string("$.data.plaintext"))
			.isEqualTo(HELLO);
	}

	private String ciphertext(String key, String plaintext) {
		return encrypt(key, "{\"plaintext\":\"" + plaintext + "\"}").string("$.data.ciphertext");
	}

	private VaultHttp.Response encrypt(String key, String json) {
		return this.http.post("transit/encrypt/" + key, json);
	}

	private VaultHttp.Response decrypt(String key, String json) {
		return this.http.post("transit/decrypt/" + key, json);
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
