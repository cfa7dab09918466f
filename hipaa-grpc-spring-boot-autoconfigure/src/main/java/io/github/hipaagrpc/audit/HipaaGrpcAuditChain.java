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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Keyed hash chain of audit entries: each entry's hash covers every stored field and the
 * hash of the entry before it, under a key kept outside the database, so that an entry
 * altered, removed or inserted behind the starter's back breaks the chain.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcAuditChain {

	/**
	 * Hash that the first entry of every chain links to.
	 */
	public static final String GENESIS = "0".repeat(64);

	/**
	 * Fewest key bytes accepted: the length of the HMAC-SHA256 output.
	 */
	public static final int MINIMUM_KEY_LENGTH = 32;

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private final SecretKeySpec key;

	private final String keyId;

	/**
	 * Create a chain that hashes with the given key.
	 * @param key the key, at least 32 bytes
	 */
	public HipaaGrpcAuditChain(byte[] key) {
		Assert.notNull(key, "'key' must not be null");
		Assert.isTrue(key.length >= MINIMUM_KEY_LENGTH,
				() -> "'key' must be at least " + MINIMUM_KEY_LENGTH + " bytes long");
		this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
		this.keyId = keyId(key);
	}

	private static String keyId(byte[] key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
			return HEX.formatHex(digest, 0, 8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Return the identifier of the key: the start of its SHA-256 digest, which reveals
	 * nothing usable about the key.
	 * @return the key identifier
	 */
	public String keyId() {
		return this.keyId;
	}

	/**
	 * Return the hash that an entry must carry, given the hash of the entry before it.
	 * @param previousHash the hash of the entry before, or {@link #GENESIS}
	 * @param entry the entry
	 * @return the entry's hash as lowercase hexadecimal
	 */
	public String hash(String previousHash, HipaaGrpcAuditEntry entry) {
		Mac mac = mac();
		update(mac, previousHash);
		update(mac, entry.getId().toString());
		update(mac, entry.getChainId());
		update(mac, entry.getChainSequence());
		update(mac, entry.getKeyId());
		update(mac, ChronoUnit.MICROS.between(Instant.EPOCH, entry.getRecordedAt()));
		update(mac, entry.getType().name());
		update(mac, entry.getEventType());
		update(mac, entry.getCorrelationId());
		update(mac, entry.getMethod());
		update(mac, entry.getPrincipal());
		update(mac, entry.getClientId());
		update(mac, entry.getRoles());
		update(mac, entry.getAuthenticationKind());
		update(mac, entry.getCertificateFingerprint());
		update(mac, entry.getPeer());
		update(mac, entry.getPurposeOfUse());
		update(mac, entry.getFacility());
		update(mac, entry.getResourceReference());
		update(mac, (entry.getDecision() != null) ? entry.getDecision().name() : null);
		update(mac, entry.getStatusCode());
		update(mac, entry.getDurationMicros());
		update(mac, entry.getReplica());
		update(mac, entry.getDetail());
		if (entry.getEmergencyGrant() != null) {
			// Only entries that name a grant hash it, so that entries stored before the
			// column existed keep their hashes.
			update(mac, entry.getEmergencyGrant());
		}
		return HEX.formatHex(mac.doFinal());
	}

	/**
	 * Return a keyed hash of a value, for values such as peer addresses that the trail
	 * must be able to match but not reveal.
	 * @param purpose what the value is, so that equal values of different kinds differ
	 * @param value the value
	 * @return the first 16 bytes of the hash as lowercase hexadecimal
	 */
	public String pseudonym(String purpose, String value) {
		Mac mac = mac();
		update(mac, purpose);
		update(mac, value);
		return HEX.formatHex(mac.doFinal(), 0, 16);
	}

	private Mac mac() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static void update(Mac mac, @Nullable String value) {
		if (value == null) {
			mac.update(ByteBuffer.allocate(4).putInt(-1).array());
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		mac.update(bytes);
	}

	private static void update(Mac mac, @Nullable Long value) {
		if (value == null) {
			mac.update((byte) 0);
			return;
		}
		mac.update((byte) 1);
		mac.update(ByteBuffer.allocate(8).putLong(value).array());
	}

}
