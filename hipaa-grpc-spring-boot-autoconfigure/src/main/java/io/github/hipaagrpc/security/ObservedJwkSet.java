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

package io.github.hipaagrpc.security;

import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.events.Event;
import com.nimbusds.jose.util.events.EventListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Remote JWK Set that is cached, refreshed ahead of expiry in the background, refetched
 * when a token names an unknown key, and watched for keys that are added or withdrawn.
 * Each change is published as a {@link JwksKeysChangedEvent} and withdrawn keys are
 * reported to a listener, such as a {@link VerifiedTokenCache} eviction.
 *
 * @since 0.1.0
 */
public class ObservedJwkSet implements EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext>, Closeable {

	private static final Log logger = LogFactory.getLog(ObservedJwkSet.class);

	private static final String UNIDENTIFIED_PREFIX = "unidentified:";

	private static final int TIMEOUT_MILLIS = 5000;

	private static final int SIZE_LIMIT_BYTES = 512 * 1024;

	private final String jwkSetUri;

	private final ApplicationEventPublisher publisher;

	private final Consumer<Set<String>> withdrawnKeys;

	private final JWKSource<SecurityContext> source;

	private @Nullable Set<String> knownKeyIds;

	/**
	 * Create a new observed JWK Set.
	 * @param jwkSetUri the location of the JWK Set
	 * @param refreshInterval how long a fetched set is used
	 * @param publisher the publisher of change events
	 * @param withdrawnKeys the listener told about withdrawn key identifiers
	 */
	public ObservedJwkSet(String jwkSetUri, Duration refreshInterval, ApplicationEventPublisher publisher,
			Consumer<Set<String>> withdrawnKeys) {
		Assert.hasText(jwkSetUri, "'jwkSetUri' must not be empty");
		Assert.isTrue(refreshInterval.compareTo(Duration.ofSeconds(1)) >= 0,
				"'refreshInterval' must be at least one second");
		this.jwkSetUri = jwkSetUri;
		this.publisher = publisher;
		this.withdrawnKeys = withdrawnKeys;
		this.source = buildSource(jwkSetUri, refreshInterval.toMillis());
	}

	private JWKSource<SecurityContext> buildSource(String uri, long ttl) {
		long step = Math.min(ttl / 4, 30_000);
		DefaultResourceRetriever retriever = new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS,
				SIZE_LIMIT_BYTES);
		try {
			return JWKSourceBuilder.<SecurityContext>create(URI.create(uri).toURL(), retriever)
				.cache(ttl, step, this)
				.refreshAheadCache(step, true, this)
				.rateLimited(step)
				.build();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("'jwkSetUri' must be a valid URL", ex);
		}
	}

	/**
	 * Return whether the given key identifier stands for a key that has no {@code kid},
	 * whose tokens cannot be told apart from those of other such keys.
	 * @param keyId a key identifier reported by this set
	 * @return whether the key has no {@code kid} of its own
	 */
	public static boolean isUnidentified(String keyId) {
		return keyId.startsWith(UNIDENTIFIED_PREFIX);
	}

	/**
	 * Return the key source for a JWS key selector.
	 * @return the key source
	 */
	public JWKSource<SecurityContext> getSource() {
		return this.source;
	}

	@Override
	public void notify(Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event) {
		if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext> completed) {
			refreshed(completed.getJWKSet());
		}
	}

	private synchronized void refreshed(JWKSet jwkSet) {
		Set<String> current = keyIds(jwkSet);
		Set<String> previous = (this.knownKeyIds != null) ? this.knownKeyIds : Set.of();
		this.knownKeyIds = current;
		Set<String> added = difference(current, previous);
		Set<String> withdrawn = difference(previous, current);
		if (added.isEmpty() && withdrawn.isEmpty()) {
			return;
		}
		logger.info(LogMessage.format("JWK Set keys changed: added %s, withdrawn %s", added, withdrawn));
		if (!withdrawn.isEmpty()) {
			this.withdrawnKeys.accept(withdrawn);
		}
		this.publisher.publishEvent(new JwksKeysChangedEvent(this, this.jwkSetUri, added, withdrawn));
	}

	private static Set<String> keyIds(JWKSet jwkSet) {
		Set<String> ids = new LinkedHashSet<>();
		for (JWK key : jwkSet.getKeys()) {
			ids.add((key.getKeyID() != null) ? key.getKeyID() : UNIDENTIFIED_PREFIX + key.hashCode());
		}
		return ids;
	}

	private static Set<String> difference(Set<String> left, Set<String> right) {
		Set<String> result = new HashSet<>(left);
		result.removeAll(right);
		return result;
	}

	@Override
	public void close() throws IOException {
		if (this.source instanceof Closeable closeable) {
			closeable.close();
		}
	}

}
