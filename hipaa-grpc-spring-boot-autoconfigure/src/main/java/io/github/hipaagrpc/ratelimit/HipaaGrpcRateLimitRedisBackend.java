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

package io.github.hipaagrpc.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Rate limits counted in Redis through Bucket4j, so that several replicas share one
 * budget per key. Keys are stored as a keyed hash (HMAC-SHA256) of the consumer and
 * method, so identities never reach Redis; the limit's name, size and period are part of
 * the stored key, so a changed limit starts a bucket of its own at once instead of
 * waiting for the old one to expire.
 * <p>
 * While Redis does not answer, calls are counted by a fallback backend in this process
 * under fallback limits, a warning is logged once, and a background probe reconnects
 * every retry interval; the shared store is used again as soon as it answers. Calls never
 * wait for a connection: until the first connection is made, the fallback counts them.
 *
 * @since 0.1.0
 */
public class HipaaGrpcRateLimitRedisBackend implements HipaaGrpcRateLimitBackend, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HipaaGrpcRateLimitRedisBackend.class);

	private static final String HMAC = "HmacSHA256";

	private static final int MINIMUM_HASH_KEY_LENGTH = 32;

	private static final Duration KEEP_FULL_BUCKETS = Duration.ofSeconds(10);

	private final AbstractRedisClient client;

	private final SecretKeySpec hashKey;

	private final Settings settings;

	private final HipaaGrpcRateLimitBackend fallback;

	private final Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimits;

	private final Clock clock;

	private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

	private final Map<HipaaGrpcRateLimit, BucketConfiguration> configurations = new ConcurrentHashMap<>();

	private final Map<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimitCache = new ConcurrentHashMap<>();

	private final AtomicReference<@Nullable Store> store = new AtomicReference<>();

	private final Object monitor = new Object();

	private volatile Status status;

	private volatile @Nullable ScheduledExecutorService probes;

	private volatile @Nullable ScheduledFuture<?> nextProbe;

	/**
	 * Create a backend.
	 * @param client the Redis client that connections are opened with, standalone or
	 * cluster
	 * @param hashKey the secret key of the hash that stored keys are derived with, at
	 * least 32 bytes
	 * @param settings how the store is used
	 * @param fallback the backend that counts calls while Redis does not answer
	 * @param fallbackLimits the limit that the fallback applies in place of a shared one,
	 * empty for none
	 */
	public HipaaGrpcRateLimitRedisBackend(AbstractRedisClient client, byte[] hashKey, Settings settings,
			HipaaGrpcRateLimitBackend fallback,
			Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimits) {
		this(client, hashKey, settings, fallback, fallbackLimits, Clock.systemUTC());
	}

	HipaaGrpcRateLimitRedisBackend(AbstractRedisClient client, byte[] hashKey, Settings settings,
			HipaaGrpcRateLimitBackend fallback,
			Function<HipaaGrpcRateLimit, Optional<HipaaGrpcRateLimit>> fallbackLimits, Clock clock) {
		Assert.isTrue(client instanceof RedisClient || client instanceof RedisClusterClient,
				"'client' must be a RedisClient or a RedisClusterClient");
		Assert.isTrue(hashKey != null && hashKey.length >= MINIMUM_HASH_KEY_LENGTH,
				() -> "'hashKey' must have at least " + MINIMUM_HASH_KEY_LENGTH + " bytes");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(fallback, "'fallback' must not be null");
		Assert.notNull(fallbackLimits, "'fallbackLimits' must not be null");
		this.client = client;
		this.hashKey = new SecretKeySpec(hashKey, HMAC);
		this.settings = settings;
		this.fallback = fallback;
		this.fallbackLimits = fallbackLimits;
		this.clock = clock;
		this.status = new Status(State.CONNECTING, clock.instant(), null);
		newMac();
	}

	@Override
	public HipaaGrpcRateLimitDecision tryAcquire(String key, HipaaGrpcRateLimit limit) {
		Store current = this.store.get();
		if (current == null) {
			return tryAcquireLocally(key, limit);
		}
		if (!current.connection().isOpen()) {
			lost(current, "ConnectionClosed");
			return tryAcquireLocally(key, limit);
		}
		try {
			ConsumptionProbe probe = current.buckets()
				.builder()
				.build(storedKey(key, limit), () -> configuration(limit))
				.tryConsumeAndReturnRemaining(1);
			if (probe.isConsumed()) {
				return HipaaGrpcRateLimitDecision.grant();
			}
			return HipaaGrpcRateLimitDecision.reject(Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
		catch (RuntimeException ex) {
			lost(current, reason(ex));
			return tryAcquireLocally(key, limit);
		}
	}

	private HipaaGrpcRateLimitDecision tryAcquireLocally(String key, HipaaGrpcRateLimit limit) {
		Optional<HipaaGrpcRateLimit> fallbackLimit = this.fallbackLimitCache.computeIfAbsent(limit,
				this.fallbackLimits);
		return fallbackLimit.map((local) -> this.fallback.tryAcquire(key, local))
			.orElseGet(HipaaGrpcRateLimitDecision::grant);
	}

	byte[] storedKey(String key, HipaaGrpcRateLimit limit) {
		byte[] hash = this.macs.get().doFinal(key.getBytes(StandardCharsets.UTF_8));
		String stored = this.settings.keyPrefix() + limit.name() + ':' + limit.limitForPeriod() + '/'
				+ limit.refreshPeriod().toMillis() + "ms:"
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		return stored.getBytes(StandardCharsets.UTF_8);
	}

	private BucketConfiguration configuration(HipaaGrpcRateLimit limit) {
		return this.configurations.computeIfAbsent(limit,
				(key) -> BucketConfiguration.builder()
					.addLimit((bandwidth) -> bandwidth.capacity(key.limitForPeriod())
						.refillIntervally(key.limitForPeriod(), key.refreshPeriod()))
					.build());
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(this.hashKey);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot derive rate-limit keys with " + HMAC, ex);
		}
	}

	/**
	 * Return whether calls are counted in the shared store, and since when.
	 * @return the status
	 */
	public Status status() {
		return this.status;
	}

	private void probe() {
		try {
			Store opened = connect();
			try {
				String answer = opened.ping().get();
				Assert.state("PONG".equals(answer), "Redis did not answer PING with PONG");
			}
			catch (RuntimeException ex) {
				close(opened);
				throw ex;
			}
			this.store.set(opened);
			connected();
		}
		catch (RuntimeException ex) {
			unreachable(reason(ex));
			scheduleProbe(this.settings.retryInterval());
		}
	}

	private void connected() {
		State previous;
		synchronized (this.monitor) {
			previous = this.status.state();
			this.status = new Status(State.SHARED, this.clock.instant(), null);
		}
		logger.info(LogMessage.format("Counting consumer rate limits in the shared store%s",
				(previous == State.FALLBACK) ? " again" : ""));
	}

	private void unreachable(String reason) {
		synchronized (this.monitor) {
			if (this.status.state() == State.FALLBACK) {
				return;
			}
			this.status = new Status(State.FALLBACK, this.clock.instant(), reason);
		}
		logger.warn(LogMessage.format(
				"The shared rate-limit store does not answer ('%s'); local fallback limits apply until it does",
				reason));
	}

	private void lost(Store lost, String reason) {
		if (!this.store.compareAndSet(lost, null)) {
			return;
		}
		close(lost);
		unreachable(reason);
		scheduleProbe(this.settings.retryInterval());
	}

	private void close(Store closed) {
		ScheduledExecutorService executor = this.probes;
		if (executor != null && !executor.isShutdown()) {
			executor.execute(closed.connection()::close);
		}
		else {
			closed.connection().close();
		}
	}

	private static String reason(Throwable ex) {
		return ex.getClass().getSimpleName();
	}

	private Store connect() {
		if (this.client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
			connection.setTimeout(this.settings.timeout());
			return new Store(connection, buckets(Bucket4jLettuce.casBasedBuilder(connection)),
					() -> connection.sync().ping());
		}
		StatefulRedisConnection<byte[], byte[]> connection = ((RedisClient) this.client)
			.connect(ByteArrayCodec.INSTANCE);
		connection.setTimeout(this.settings.timeout());
		return new Store(connection, buckets(Bucket4jLettuce.casBasedBuilder(connection)),
				() -> connection.sync().ping());
	}

	private ProxyManager<byte[]> buckets(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder) {
		return builder.requestTimeout(this.settings.timeout())
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKETS))
			.build();
	}

	private void scheduleProbe(Duration delay) {
		ScheduledExecutorService executor = this.probes;
		if (executor != null && !executor.isShutdown()) {
			this.nextProbe = executor.schedule(this::probe, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("hipaa-grpc-rate-limit-store-"));
		this.probes = executor;
		scheduleProbe(Duration.ZERO);
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.probes;
		this.probes = null;
		ScheduledFuture<?> next = this.nextProbe;
		if (next != null) {
			next.cancel(false);
		}
		if (executor != null) {
			executor.shutdownNow();
		}
		Store current = this.store.getAndSet(null);
		if (current != null) {
			current.connection().close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.probes != null;
	}

	/**
	 * How the shared store is used.
	 *
	 * @param keyPrefix the prefix of every key stored in Redis
	 * @param timeout how long a call waits for Redis before the fallback decides
	 * @param retryInterval how often to try to reach Redis again while it does not answer
	 */
	public record Settings(String keyPrefix, Duration timeout, Duration retryInterval) {

		/**
		 * Create settings, checking them.
		 * @param keyPrefix the prefix of every key stored in Redis
		 * @param timeout how long a call waits for Redis before the fallback decides
		 * @param retryInterval how often to try to reach Redis again while it does not
		 * answer
		 */
		public Settings {
			Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
			Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
			Assert.isTrue(retryInterval != null && !retryInterval.isNegative() && !retryInterval.isZero(),
					"'retryInterval' must be positive");
		}

	}

	/**
	 * Whether calls are counted in the shared store.
	 *
	 * @param state where calls are counted
	 * @param since when that began
	 * @param reason the kind of failure that made the fallback count them, or
	 * {@code null}
	 */
	public record Status(State state, Instant since, @Nullable String reason) {

	}

	/**
	 * Where calls are counted.
	 */
	public enum State {

		/**
		 * The first connection is being made; the fallback counts calls meanwhile.
		 */
		CONNECTING,

		/**
		 * In the shared store.
		 */
		SHARED,

		/**
		 * By the fallback, because the shared store does not answer.
		 */
		FALLBACK

	}

	private record Store(StatefulConnection<byte[], byte[]> connection, ProxyManager<byte[]> buckets,
			Supplier<String> ping) {

	}

}
