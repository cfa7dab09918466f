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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.github.hipaagrpc.security.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HipaaGrpcEncryption}.
 */
class HipaaGrpcEncryptionTests {

	private static final HipaaGrpcEncryptionContext CONTEXT = HipaaGrpcEncryptionContext.of("Patient", "diagnosis", 42);

	private static final byte[] PLAINTEXT = "Type 2 diabetes mellitus".getBytes(StandardCharsets.UTF_8);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final SwitchableKeyProvider provider = new SwitchableKeyProvider();

	private final InMemoryKeyStore store = new InMemoryKeyStore();

	private final List<ApplicationEvent> events = new ArrayList<>();

	private HipaaGrpcEncryption encryption(long maxUses, Duration maxAge, long cacheSize) {
		HipaaGrpcEncryptionSettings settings = new HipaaGrpcEncryptionSettings(maxUses, maxAge, cacheSize,
				Duration.ofMinutes(15));
		return new HipaaGrpcEncryption(this.provider, this.store, (event) -> this.events.add((ApplicationEvent) event),
				settings, this.clock);
	}

	private HipaaGrpcEncryption encryption() {
		return encryption(100, Duration.ofHours(1), 100);
	}

	@Test
	void decryptWhenEncryptedForTheSameContextReturnsThePlaintext() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		assertThat(encryption.decrypt(stored, CONTEXT)).isEqualTo(PLAINTEXT);
		assertThat(Arrays.equals(stored, PLAINTEXT)).isFalse();
	}

	@Test
	void encryptWritesVersionKeyIdNonceAndTaggedCiphertext() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		UUID keyId = encryption.currentKeyId();
		ByteBuffer buffer = ByteBuffer.wrap(stored);
		assertThat(buffer.get()).isEqualTo((byte) 1);
		assertThat(new UUID(buffer.getLong(), buffer.getLong())).isEqualTo(keyId);
		assertThat(stored).hasSize(1 + 16 + 12 + PLAINTEXT.length + 16);
		assertThat(this.store.find(keyId(stored))).isNotNull();
	}

	@Test
	void encryptTwiceUsesFreshNonces() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] first = encryption.encrypt(PLAINTEXT, CONTEXT);
		byte[] second = encryption.encrypt(PLAINTEXT, CONTEXT);
		assertThat(Arrays.copyOfRange(first, 17, 29)).isNotEqualTo(Arrays.copyOfRange(second, 17, 29));
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void decryptWhenAnyByteIsFlippedFailsWithoutPlaintext() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		for (int i = 0; i < stored.length; i++) {
			byte[] tampered = stored.clone();
			tampered[i] ^= 0x01;
			assertThatExceptionOfType(HipaaGrpcEncryptionException.class).as("byte %d", i)
				.isThrownBy(() -> encryption.decrypt(tampered, CONTEXT))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("diabetes"));
		}
		assertThat(encryption.getFailedDecryptions()).isEqualTo(stored.length);
		assertThat(encryption.getDecryptions()).isZero();
	}

	@Test
	void decryptWhenAnotherRowFieldOrEntityFailsAsTampered() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		List<HipaaGrpcEncryptionContext> others = List.of(HipaaGrpcEncryptionContext.of("Patient", "diagnosis", 43),
				HipaaGrpcEncryptionContext.of("Patient", "allergies", 42),
				HipaaGrpcEncryptionContext.of("Encounter", "diagnosis", 42),
				HipaaGrpcEncryptionContext.withoutRow("Patient", "diagnosis"),
				HipaaGrpcEncryptionContext.of("Patient", "diagnosis", ""));
		for (HipaaGrpcEncryptionContext other : others) {
			assertThatExceptionOfType(HipaaGrpcEncryptionException.class).as(other.toString())
				.isThrownBy(() -> encryption.decrypt(stored, other))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.TAMPERED));
		}
	}

	@Test
	void contextEncodingKeepsPartsApart() {
		HipaaGrpcEncryptionContext first = new HipaaGrpcEncryptionContext("ab", "c", "d");
		HipaaGrpcEncryptionContext second = new HipaaGrpcEncryptionContext("a", "bc", "d");
		assertThat(first.encode()).isNotEqualTo(second.encode());
	}

	@Test
	void decryptWhenFormatVersionIsUnknownFailsAsUnsupportedFormat() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		stored[0] = 2;
		assertThatExceptionOfType(HipaaGrpcEncryptionException.class)
			.isThrownBy(() -> encryption.decrypt(stored, CONTEXT))
			.satisfies((ex) -> assertThat(ex.getReason())
				.isEqualTo(HipaaGrpcEncryptionException.Reason.UNSUPPORTED_FORMAT));
	}

	@Test
	void decryptWhenTruncatedFailsAsMalformed() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		assertThatExceptionOfType(HipaaGrpcEncryptionException.class)
			.isThrownBy(() -> encryption.decrypt(Arrays.copyOf(stored, 40), CONTEXT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.MALFORMED));
		assertThatExceptionOfType(HipaaGrpcEncryptionException.class)
			.isThrownBy(() -> encryption.decrypt(new byte[0], CONTEXT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.MALFORMED));
	}

	@Test
	void decryptWhenKeyIsNotStoredFailsAsUnknownKey() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		ByteBuffer.wrap(stored, 1, 16).putLong(1L).putLong(2L);
		assertThatExceptionOfType(HipaaGrpcEncryptionException.class)
			.isThrownBy(() -> encryption.decrypt(stored, CONTEXT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.UNKNOWN_KEY));
	}

	@Test
	void encryptWhenDataKeyReachesMaxUsesCreatesANewOne() {
		HipaaGrpcEncryption encryption = encryption(3, Duration.ofHours(1), 100);
		List<byte[]> values = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			values.add(encryption.encrypt(PLAINTEXT, CONTEXT));
		}
		assertThat(values.stream().map(HipaaGrpcEncryptionTests::keyId).distinct()).hasSize(3);
		assertThat(this.store.size()).isEqualTo(3);
		assertThat(encryption.getCreatedKeys()).isEqualTo(3);
		assertThat(encryption.getEncryptions()).isEqualTo(7);
		assertThat(this.events).hasSize(3)
			.allSatisfy((event) -> assertThat(event).isInstanceOf(HipaaGrpcEncryptionDataKeyCreatedEvent.class));
		values.forEach((value) -> assertThat(encryption.decrypt(value, CONTEXT)).isEqualTo(PLAINTEXT));
	}

	@Test
	void encryptWhenDataKeyReachesMaxAgeCreatesANewOne() {
		HipaaGrpcEncryption encryption = encryption(100, Duration.ofMinutes(10), 100);
		byte[] first = encryption.encrypt(PLAINTEXT, CONTEXT);
		this.clock.advance(Duration.ofMinutes(9));
		byte[] second = encryption.encrypt(PLAINTEXT, CONTEXT);
		this.clock.advance(Duration.ofMinutes(1));
		byte[] third = encryption.encrypt(PLAINTEXT, CONTEXT);
		assertThat(keyId(first)).isEqualTo(keyId(second));
		assertThat(keyId(third)).isNotEqualTo(keyId(first));
		assertThat(this.store.size()).isEqualTo(2);
	}

	@Test
	void decryptWhenCacheIsFullUnwrapsEvictedKeysAgain() {
		HipaaGrpcEncryption encryption = encryption(1, Duration.ofHours(1), 2);
		List<byte[]> values = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			values.add(encryption.encrypt(PLAINTEXT, CONTEXT));
		}
		assertThat(encryption.cachedKeys()).isLessThanOrEqualTo(2);
		values.forEach((value) -> assertThat(encryption.decrypt(value, CONTEXT)).isEqualTo(PLAINTEXT));
		assertThat(this.provider.unwrapped.get()).isGreaterThanOrEqualTo(3);
		assertThat(encryption.cachedKeys()).isLessThanOrEqualTo(2);
	}

	@Test
	void decryptWhenCachedKeyExpiredUnwrapsItAgain() {
		HipaaGrpcEncryption encryption = encryption();
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		encryption.decrypt(stored, CONTEXT);
		assertThat(this.provider.unwrapped.get()).isZero();
		this.clock.advance(Duration.ofMinutes(16));
		assertThat(encryption.cachedKeys()).isZero();
		assertThat(encryption.decrypt(stored, CONTEXT)).isEqualTo(PLAINTEXT);
		assertThat(this.provider.unwrapped.get()).isOne();
	}

	@Test
	void providerOfflineKeepsCurrentAndCachedKeysWorkingWithinTheirBounds() {
		HipaaGrpcEncryption encryption = encryption(3, Duration.ofHours(1), 100);
		byte[] stored = encryption.encrypt(PLAINTEXT, CONTEXT);
		this.provider.offline(true);
		byte[] second = encryption.encrypt(PLAINTEXT, CONTEXT);
		encryption.encrypt(PLAINTEXT, CONTEXT);
		assertThat(encryption.decrypt(stored, CONTEXT)).isEqualTo(PLAINTEXT);
		assertThat(encryption.decrypt(second, CONTEXT)).isEqualTo(PLAINTEXT);
		assertThatExceptionOfType(HipaaGrpcEncryptionKeyUnavailableException.class)
			.isThrownBy(() -> encryption.encrypt(PLAINTEXT, CONTEXT));
		assertThat(this.store.size()).isOne();
		this.provider.offline(false);
		assertThat(keyId(encryption.encrypt(PLAINTEXT, CONTEXT))).isNotEqualTo(keyId(stored));
	}

	@Test
	void decryptWhenKeyIsNotCachedAndProviderOfflineFailsAsUnavailable() {
		byte[] stored = encryption().encrypt(PLAINTEXT, CONTEXT);
		HipaaGrpcEncryption restarted = encryption();
		this.provider.offline(true);
		assertThatExceptionOfType(HipaaGrpcEncryptionKeyUnavailableException.class)
			.isThrownBy(() -> restarted.decrypt(stored, CONTEXT));
		this.provider.offline(false);
		assertThat(restarted.decrypt(stored, CONTEXT)).isEqualTo(PLAINTEXT);
	}

	@Test
	void textHelpersRoundTripThroughBase64() {
		HipaaGrpcEncryption encryption = encryption();
		String stored = encryption.encryptText("Penicillin allergy", CONTEXT);
		assertThat(stored).doesNotContain("Penicillin");
		assertThat(encryption.decryptText(stored, CONTEXT)).isEqualTo("Penicillin allergy");
		assertThatExceptionOfType(HipaaGrpcEncryptionException.class)
			.isThrownBy(() -> encryption.decryptText("not base64!", CONTEXT))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.MALFORMED));
	}

	@Test
	void rewrapMovesOlderKeysToTheLatestVersionAndValuesStillDecrypt() {
		HipaaGrpcEncryption encryption = encryption(1, Duration.ofHours(1), 100);
		List<byte[]> values = List.of(encryption.encrypt(PLAINTEXT, CONTEXT), encryption.encrypt(PLAINTEXT, CONTEXT));
		int latest = this.provider.rotate();
		HipaaGrpcEncryptionRewrap rewrap = new HipaaGrpcEncryptionRewrap(this.provider, this.store,
				(event) -> this.events.add((ApplicationEvent) event), this.clock);
		HipaaGrpcEncryptionRewrapReport report = rewrap.rewrap();
		assertThat(report).isEqualTo(new HipaaGrpcEncryptionRewrapReport(2, 2, 0, latest));
		assertThat(this.store.all()).allSatisfy((key) -> {
			assertThat(key.masterKeyVersion()).isEqualTo(latest);
			assertThat(key.rewrappedAt()).isEqualTo(this.clock.instant());
		});
		assertThat(this.events).last().isInstanceOf(HipaaGrpcEncryptionRewrapFinishedEvent.class);
		HipaaGrpcEncryption restarted = encryption();
		values.forEach((value) -> assertThat(restarted.decrypt(value, CONTEXT)).isEqualTo(PLAINTEXT));
		assertThat(rewrap.rewrap()).isEqualTo(new HipaaGrpcEncryptionRewrapReport(0, 0, 0, latest));
	}

	@Test
	void rewrapWhenProviderFailsForAKeyCountsTheFailure() {
		HipaaGrpcEncryption encryption = encryption(1, Duration.ofHours(1), 100);
		encryption.encrypt(PLAINTEXT, CONTEXT);
		int latest = this.provider.rotate();
		this.store.save(new HipaaGrpcEncryptionKeyStore.StoredKey(UUID.randomUUID(), "dev:v1:bm90IGEga2V5", 1,
				this.clock.instant(), null));
		HipaaGrpcEncryptionRewrap rewrap = new HipaaGrpcEncryptionRewrap(this.provider, this.store, (event) -> {
		}, this.clock);
		assertThat(rewrap.rewrap()).isEqualTo(new HipaaGrpcEncryptionRewrapReport(2, 1, 1, latest));
	}

	@Test
	void keyMaterialWhenDestroyedIsZeroedAndRefusesUse() {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) 7);
		KeyMaterial material = new KeyMaterial(key);
		assertThat(material.spec()).isNotNull();
		material.destroy();
		assertThat(material.spec()).isNull();
		assertThat(material.isDestroyed()).isTrue();
	}

	private static UUID keyId(byte[] stored) {
		ByteBuffer buffer = ByteBuffer.wrap(stored, 1, 16);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

}
