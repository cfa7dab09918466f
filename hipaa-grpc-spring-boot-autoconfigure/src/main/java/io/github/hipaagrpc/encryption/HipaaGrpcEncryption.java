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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Envelope encryption of values: AES-256-GCM under a data key that the master key wraps.
 * The current data key encrypts a bounded number of values for a bounded time, then a new
 * one is generated and stored; older data keys are unwrapped when a value needs them and
 * cached, bounded in size and time. Every value is bound to its
 * {@link HipaaGrpcEncryptionContext}: a value moved to another entity, field or row fails
 * to decrypt, as does an altered one.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryption {

	private static final Log logger = LogFactory.getLog(HipaaGrpcEncryption.class);

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int TAG_BITS = 128;

	private final SecureRandom random = new SecureRandom();

	private final Object rotation = new Object();

	private final HipaaGrpcEncryptionKeyProvider provider;

	private final HipaaGrpcEncryptionKeyStore store;

	private final ApplicationEventPublisher eventPublisher;

	private final HipaaGrpcEncryptionSettings settings;

	private final Clock clock;

	private final Cache<UUID, KeyMaterial> keys;

	private final LongAdder encryptions = new LongAdder();

	private final LongAdder decryptions = new LongAdder();

	private final LongAdder failedDecryptions = new LongAdder();

	private final LongAdder createdKeys = new LongAdder();

	private volatile @Nullable ActiveKey active;

	/**
	 * Create the encryption service.
	 * @param provider the master key
	 * @param store the data-key table
	 * @param eventPublisher the publisher of data-key events
	 * @param settings the bounds on data keys in memory
	 * @param clock the clock that ages data keys
	 */
	public HipaaGrpcEncryption(HipaaGrpcEncryptionKeyProvider provider, HipaaGrpcEncryptionKeyStore store,
			ApplicationEventPublisher eventPublisher, HipaaGrpcEncryptionSettings settings, Clock clock) {
		Assert.notNull(provider, "'provider' must not be null");
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.provider = provider;
		this.store = store;
		this.eventPublisher = eventPublisher;
		this.settings = settings;
		this.clock = clock;
		this.keys = Caffeine.newBuilder()
			.maximumSize(settings.cacheSize())
			.expireAfterAccess(settings.cacheTtl())
			.ticker(() -> clock.millis() * 1_000_000L)
			.executor(Runnable::run)
			.removalListener(HipaaGrpcEncryption::destroy)
			.build();
	}

	/**
	 * Encrypt a value for the given context.
	 * @param plaintext the value
	 * @param context where the value belongs
	 * @return the stored form of the value
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if a new data key is needed and
	 * the master key cannot be reached
	 */
	public byte[] encrypt(byte[] plaintext, HipaaGrpcEncryptionContext context) {
		Assert.notNull(plaintext, "'plaintext' must not be null");
		Assert.notNull(context, "'context' must not be null");
		while (true) {
			ActiveKey key = acquire();
			SecretKeySpec spec = key.material().spec();
			if (spec != null) {
				byte[] sealed = seal(key.id(), spec, plaintext, context);
				this.encryptions.increment();
				return sealed;
			}
		}
	}

	/**
	 * Decrypt a stored value for the given context.
	 * @param stored the stored form of the value
	 * @param context where the value belongs
	 * @return the value
	 * @throws HipaaGrpcEncryptionException if the value is altered, belongs to another
	 * context, names an unknown key or format, or its key cannot be unwrapped
	 */
	public byte[] decrypt(byte[] stored, HipaaGrpcEncryptionContext context) {
		Assert.notNull(stored, "'stored' must not be null");
		Assert.notNull(context, "'context' must not be null");
		try {
			byte[] plaintext = open(StoredFormat.decode(stored), context);
			this.decryptions.increment();
			return plaintext;
		}
		catch (HipaaGrpcEncryptionException ex) {
			this.failedDecryptions.increment();
			throw ex;
		}
	}

	/**
	 * Encrypt a text as UTF-8 and return its stored form in Base64.
	 * @param plaintext the text
	 * @param context where the text belongs
	 * @return the stored form in Base64
	 * @throws HipaaGrpcEncryptionKeyUnavailableException if a new data key is needed and
	 * the master key cannot be reached
	 */
	public String encryptText(String plaintext, HipaaGrpcEncryptionContext context) {
		Assert.notNull(plaintext, "'plaintext' must not be null");
		byte[] stored = encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context);
		return Base64.getEncoder().encodeToString(stored);
	}

	/**
	 * Decrypt a text stored by {@link #encryptText(String, HipaaGrpcEncryptionContext)}.
	 * @param stored the stored form in Base64
	 * @param context where the text belongs
	 * @return the text
	 * @throws HipaaGrpcEncryptionException if the value cannot be decrypted
	 */
	public String decryptText(String stored, HipaaGrpcEncryptionContext context) {
		Assert.notNull(stored, "'stored' must not be null");
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(stored);
		}
		catch (IllegalArgumentException ex) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.MALFORMED,
					"Stored text is not Base64");
		}
		return new String(decrypt(bytes, context), StandardCharsets.UTF_8);
	}

	/**
	 * Return the identifier of the data key that encrypts new values, if one was created.
	 * @return the identifier, or {@code null}
	 */
	public @Nullable UUID currentKeyId() {
		ActiveKey key = this.active;
		return (key != null) ? key.id() : null;
	}

	/**
	 * Return the number of data keys cached for decryption.
	 * @return the number of cached keys
	 */
	public long cachedKeys() {
		this.keys.cleanUp();
		return this.keys.estimatedSize();
	}

	/**
	 * Return the number of values encrypted since startup.
	 * @return the number of encryptions
	 */
	public long getEncryptions() {
		return this.encryptions.sum();
	}

	/**
	 * Return the number of values decrypted since startup.
	 * @return the number of decryptions
	 */
	public long getDecryptions() {
		return this.decryptions.sum();
	}

	/**
	 * Return the number of values that failed to decrypt since startup.
	 * @return the number of failed decryptions
	 */
	public long getFailedDecryptions() {
		return this.failedDecryptions.sum();
	}

	/**
	 * Return the number of data keys this instance created since startup.
	 * @return the number of created data keys
	 */
	public long getCreatedKeys() {
		return this.createdKeys.sum();
	}

	/**
	 * Return the master key.
	 * @return the key provider
	 */
	public HipaaGrpcEncryptionKeyProvider getProvider() {
		return this.provider;
	}

	private ActiveKey acquire() {
		while (true) {
			ActiveKey current = this.active;
			if (current != null && current.tryUse(this.clock.instant(), this.settings)) {
				return current;
			}
			rotate(current);
		}
	}

	private void rotate(@Nullable ActiveKey stale) {
		synchronized (this.rotation) {
			if (!Objects.equals(this.active, stale)) {
				return;
			}
			HipaaGrpcEncryptionKeyProvider.GeneratedKey generated = this.provider.generate();
			byte[] plaintext = generated.plaintext();
			try {
				ActiveKey fresh = store(generated);
				this.keys.put(fresh.id(), new KeyMaterial(plaintext));
				this.active = fresh;
				if (stale != null) {
					stale.material().destroy();
				}
			}
			finally {
				Arrays.fill(plaintext, (byte) 0);
			}
		}
	}

	private ActiveKey store(HipaaGrpcEncryptionKeyProvider.GeneratedKey generated) {
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		HipaaGrpcEncryptionKeyProvider.WrappedKey wrapped = generated.wrapped();
		this.store.save(new HipaaGrpcEncryptionKeyStore.StoredKey(id, wrapped.ciphertext(), wrapped.masterKeyVersion(),
				now, null));
		logger.debug(
				LogMessage.format("Created data key '%s' under master key version %d", id, wrapped.masterKeyVersion()));
		this.createdKeys.increment();
		this.eventPublisher
			.publishEvent(new HipaaGrpcEncryptionDataKeyCreatedEvent(this, id, wrapped.masterKeyVersion()));
		return new ActiveKey(id, new KeyMaterial(generated.plaintext()), now);
	}

	private SecretKeySpec spec(UUID keyId) {
		while (true) {
			KeyMaterial material = this.keys.get(keyId, this::unwrap);
			SecretKeySpec spec = material.spec();
			if (spec != null) {
				return spec;
			}
			this.keys.asMap().remove(keyId, material);
		}
	}

	private KeyMaterial unwrap(UUID keyId) {
		HipaaGrpcEncryptionKeyStore.StoredKey stored = this.store.find(keyId);
		if (stored == null) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.UNKNOWN_KEY,
					"Data key '%s' is not in the data-key table".formatted(keyId));
		}
		byte[] plaintext = this.provider.unwrap(stored.wrappedKey());
		try {
			if (plaintext.length != 32) {
				throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.KEY_REJECTED,
						"Data key '%s' does not unwrap to 32 bytes".formatted(keyId));
			}
			return new KeyMaterial(plaintext);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private byte[] open(StoredFormat.Parsed parsed, HipaaGrpcEncryptionContext context) {
		SecretKeySpec spec = spec(parsed.keyId());
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, parsed.nonce()));
			cipher.updateAAD(StoredFormat.associatedData(parsed.keyId(), context));
			return cipher.doFinal(parsed.sealed());
		}
		catch (AEADBadTagException ex) {
			throw new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.TAMPERED,
					"Stored value failed authentication with data key '%s'".formatted(parsed.keyId()));
		}
		catch (GeneralSecurityException ex) {
			throw cipherFailed(ex);
		}
	}

	private byte[] seal(UUID keyId, SecretKeySpec spec, byte[] plaintext, HipaaGrpcEncryptionContext context) {
		byte[] nonce = new byte[StoredFormat.NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(StoredFormat.associatedData(keyId, context));
			return StoredFormat.encode(keyId, nonce, cipher.doFinal(plaintext));
		}
		catch (GeneralSecurityException ex) {
			throw cipherFailed(ex);
		}
	}

	private static HipaaGrpcEncryptionException cipherFailed(GeneralSecurityException ex) {
		return new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.CIPHER_FAILED,
				"AES-GCM cipher failed (%s)".formatted(ex.getClass().getName()));
	}

	private static void destroy(@Nullable UUID keyId, @Nullable KeyMaterial material, RemovalCause cause) {
		if (material != null) {
			material.destroy();
		}
	}

	/**
	 * Data key that encrypts new values, counted and aged.
	 *
	 * @param id the identifier of the data key
	 * @param material the plaintext data key
	 * @param createdAt when the data key was created
	 * @param uses how many values it has encrypted
	 */
	private record ActiveKey(UUID id, KeyMaterial material, Instant createdAt, AtomicLong uses) {

		ActiveKey(UUID id, KeyMaterial material, Instant createdAt) {
			this(id, material, createdAt, new AtomicLong());
		}

		boolean tryUse(Instant now, HipaaGrpcEncryptionSettings settings) {
			if (Duration.between(this.createdAt, now).compareTo(settings.maxAge()) >= 0) {
				return false;
			}
			return this.uses.incrementAndGet() <= settings.maxUses();
		}

	}

}
