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

package io.github.hipaagrpc.audit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.github.hipaagrpc.audit.HipaaGrpcAuditRecord.Decision;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcAuditChain}.
 */
class HipaaGrpcAuditChainTests {

	private static final byte[] KEY = "audit-chain-key-for-tests-only-0123456789".getBytes(StandardCharsets.UTF_8);

	private final HipaaGrpcAuditChain chain = new HipaaGrpcAuditChain(KEY);

	@Test
	void hashWhenEntryIsUnchangedIsTheSame() {
		HipaaGrpcAuditEntry entry = entry();
		assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry))
			.isEqualTo(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry))
			.matches("[0-9a-f]{64}");
	}

	@Test
	void hashWhenAnyStoredFieldChangesChanges() {
		HipaaGrpcAuditEntry entry = entry();
		String original = this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry);
		List<Field> fields = hashedFields();
		assertThat(fields).hasSizeGreaterThanOrEqualTo(23);
		for (Field field : fields) {
			Object value = ReflectionTestUtils.getField(entry, field.getName());
			ReflectionTestUtils.setField(entry, field.getName(), changed(value, field.getType()));
			assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry)).as(field.getName()).isNotEqualTo(original);
			ReflectionTestUtils.setField(entry, field.getName(), value);
		}
		assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry)).isEqualTo(original);
	}

	@Test
	void hashWhenFieldIsClearedChanges() {
		HipaaGrpcAuditEntry entry = entry();
		String original = this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry);
		ReflectionTestUtils.setField(entry, "detail", null);
		ReflectionTestUtils.setField(entry, "principal", "");
		assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry)).isNotEqualTo(original);
	}

	@Test
	void hashWhenValueMovesBetweenFieldsChanges() {
		HipaaGrpcAuditEntry entry = entry();
		String original = this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry);
		ReflectionTestUtils.setField(entry, "principal", "dr-alice" + "clinic-portal");
		ReflectionTestUtils.setField(entry, "clientId", "");
		assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry)).isNotEqualTo(original);
	}

	@Test
	void hashWhenEmergencyGrantIsNamedCoversItAndWhenNotIsUnchanged() {
		HipaaGrpcAuditEntry entry = entry();
		String withoutGrant = this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry);
		ReflectionTestUtils.setField(entry, "emergencyGrant", "3f0c6a52-0d7e-4a8e-9a51-0d2b1f5e7c11");
		String withGrant = this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry);
		assertThat(withGrant).isNotEqualTo(withoutGrant);
		ReflectionTestUtils.setField(entry, "emergencyGrant", "3f0c6a52-0d7e-4a8e-9a51-0d2b1f5e7c12");
		assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry)).isNotEqualTo(withGrant);
		ReflectionTestUtils.setField(entry, "emergencyGrant", null);
		assertThat(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry)).isEqualTo(withoutGrant);
	}

	@Test
	void hashWhenPreviousHashChangesChanges() {
		HipaaGrpcAuditEntry entry = entry();
		assertThat(this.chain.hash("1".repeat(64), entry))
			.isNotEqualTo(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry));
	}

	@Test
	void hashWhenKeyDiffersDiffers() {
		HipaaGrpcAuditEntry entry = entry();
		HipaaGrpcAuditChain other = new HipaaGrpcAuditChain(otherKey());
		assertThat(other.hash(HipaaGrpcAuditChain.GENESIS, entry))
			.isNotEqualTo(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry));
	}

	@Test
	void chainWhenKeyIsShorterThan32BytesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HipaaGrpcAuditChain(new byte[31]))
			.withMessage("'key' must be at least 32 bytes long");
	}

	@Test
	void chainWhenKeyHas32BytesIsAccepted() {
		assertThat(new HipaaGrpcAuditChain(new byte[32]).keyId()).hasSize(16);
	}

	@Test
	void chainWhenKeyArrayChangesLaterKeepsHashingWithTheOriginalKey() {
		byte[] key = KEY.clone();
		HipaaGrpcAuditChain copied = new HipaaGrpcAuditChain(key);
		Arrays.fill(key, (byte) 0);
		HipaaGrpcAuditEntry entry = entry();
		assertThat(copied.hash(HipaaGrpcAuditChain.GENESIS, entry))
			.isEqualTo(this.chain.hash(HipaaGrpcAuditChain.GENESIS, entry));
	}

	@Test
	void keyIdWhenKeyIsTheSameIsStableAndRevealsNoKey() {
		String keyId = this.chain.keyId();
		assertThat(new HipaaGrpcAuditChain(KEY.clone()).keyId()).isEqualTo(keyId);
		assertThat(keyId).matches("[0-9a-f]{16}");
		assertThat(HexFormat.of().formatHex(KEY)).doesNotContain(keyId);
		assertThat(new String(KEY, StandardCharsets.UTF_8)).doesNotContain(keyId);
		assertThat(new HipaaGrpcAuditChain(otherKey()).keyId()).isNotEqualTo(keyId);
	}

	@Test
	void pseudonymWhenPurposeDiffersDiffers() {
		assertThat(this.chain.pseudonym("peer-address", "10.1.2.3"))
			.isEqualTo(this.chain.pseudonym("peer-address", "10.1.2.3"))
			.isNotEqualTo(this.chain.pseudonym("principal", "10.1.2.3"))
			.matches("[0-9a-f]{32}");
	}

	private static byte[] otherKey() {
		return "another-audit-chain-key-for-tests-0123456789".getBytes(StandardCharsets.UTF_8);
	}

	private static HipaaGrpcAuditEntry entry() {
		HipaaGrpcAuditRecord record = new HipaaGrpcAuditRecord(Instant.parse("2026-12-01T08:00:00.123456Z"),
				HipaaGrpcAuditRecord.Type.CALL, "call.event", "corr-0001", "hipaagrpc.test.v1.TestRecords/Read",
				"dr-alice", "clinic-portal", "PROVIDER", "jwt", "ab".repeat(32), "127.0.0.1", "TREAT", "clinic-7",
				"Patient/FAKE-PT-0001", Decision.ALLOWED, "OK", 1200L, "detail");
		return new HipaaGrpcAuditEntry(record, "replica-a", "replica-a-0c0ffee0", 7, HipaaGrpcAuditChain.GENESIS,
				"0123456789abcdef");
	}

	private static List<Field> hashedFields() {
		return Arrays.stream(HipaaGrpcAuditEntry.class.getDeclaredFields())
			.filter((field) -> !Modifier.isStatic(field.getModifiers()))
			.filter((field) -> field.isAnnotationPresent(Column.class) || field.isAnnotationPresent(Id.class))
			.filter((field) -> !field.getName().equals("recordHash"))
			.filter((field) -> !field.getName().equals("previousHash"))
			.toList();
	}

	private static Object changed(@Nullable Object value, Class<?> type) {
		if (type == String.class) {
			return value + "-changed";
		}
		if (type == long.class || type == Long.class) {
			return (value instanceof Long number) ? number + 1 : 1L;
		}
		if (type == Instant.class) {
			return (value instanceof Instant instant) ? instant.plusNanos(1_000) : Instant.EPOCH;
		}
		if (type == UUID.class) {
			return UUID.randomUUID();
		}
		if (type == HipaaGrpcAuditRecord.Type.class) {
			return (value == HipaaGrpcAuditRecord.Type.CALL) ? HipaaGrpcAuditRecord.Type.EVENT
					: HipaaGrpcAuditRecord.Type.CALL;
		}
		if (type == Decision.class) {
			return (value == Decision.ALLOWED) ? Decision.DENIED : Decision.ALLOWED;
		}
		throw new IllegalStateException("No change known for field type '" + type.getName() + "'");
	}

}
