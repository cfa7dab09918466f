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

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import io.github.hipaagrpc.test.LocalJwksServer;
import io.github.hipaagrpc.test.TestSigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ObservedJwkSet} against a JWK Set served over HTTP.
 */
class ObservedJwkSetTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final TestSigningKey current = TestSigningKey.ec("ec-current");

	private static final TestSigningKey retiring = TestSigningKey.ec("ec-retiring");

	private static final TestSigningKey next = TestSigningKey.ec("ec-next");

	private final LocalJwksServer jwks = LocalJwksServer.start(current, retiring);

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<Set<String>> withdrawals = new CopyOnWriteArrayList<>();

	private final ObservedJwkSet jwkSet = new ObservedJwkSet(this.jwks.jwkSetUri(), Duration.ofSeconds(1),
			this.events::add, this.withdrawals::add);

	@AfterEach
	void close() throws IOException {
		this.jwkSet.close();
		this.jwks.close();
	}

	@Test
	void getSourceWhenFirstSelectingReturnsPublishedKeys() throws KeySourceException {
		List<JWK> keys = selectKeys();
		assertThat(this.jwks.requestCount()).isOne();
		assertThat(keys).extracting(JWK::getKeyID).containsExactlyInAnyOrder("ec-current", "ec-retiring");
		assertThat(keys).allSatisfy((key) -> assertThat(key.isPrivate()).isFalse());
	}

	@Test
	void getSourceWhenFirstSelectingPublishesEveryKeyAsAdded() throws KeySourceException {
		selectKeys();
		await().atMost(WAIT).untilAsserted(() -> assertThat(changes()).isNotEmpty());
		JwksKeysChangedEvent event = changes().get(0);
		assertThat(event.getAddedKeyIds()).containsExactlyInAnyOrder("ec-current", "ec-retiring");
		assertThat(event.getWithdrawnKeyIds()).isEmpty();
		assertThat(event.getJwkSetUri()).isEqualTo(this.jwks.jwkSetUri());
		assertThat(event.getSource()).isSameAs(this.jwkSet);
		assertThat(this.withdrawals).isEmpty();
	}

	@Test
	void refreshWhenKeyWithdrawnPublishesEventAndTellsListener() throws KeySourceException {
		selectKeys();
		this.jwks.withdraw("ec-retiring");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(changes())
				.anySatisfy((event) -> assertThat(event.getWithdrawnKeyIds()).containsExactly("ec-retiring")));
		assertThat(this.withdrawals).containsExactly(Set.of("ec-retiring"));
		assertThat(changes()).noneSatisfy((event) -> assertThat(event.getWithdrawnKeyIds()).contains("ec-current"));
	}

	@Test
	void refreshWhenKeyAddedPublishesEvent() throws KeySourceException {
		selectKeys();
		this.jwks.publish(next);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(changes())
				.anySatisfy((event) -> assertThat(event.getAddedKeyIds()).containsExactly("ec-next")));
		List<JwksKeysChangedEvent> changes = changes();
		JwksKeysChangedEvent added = changes.get(changes.size() - 1);
		assertThat(added.getWithdrawnKeyIds()).isEmpty();
		assertThat(this.withdrawals).isEmpty();
	}

	@Test
	void refreshWhenKeysUnchangedPublishesNoFurtherEvent() throws KeySourceException {
		selectKeys();
		int requests = this.jwks.requestCount();
		await().atMost(WAIT).until(() -> this.jwks.requestCount() >= requests + 2);
		assertThat(this.events).hasSize(1);
		assertThat(changes()).hasSize(1);
		assertThat(this.withdrawals).isEmpty();
	}

	@Test
	void createWhenRefreshIntervalBelowOneSecondThrowsException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ObservedJwkSet(this.jwks.jwkSetUri(), Duration.ofMillis(999), this.events::add,
					this.withdrawals::add))
			.withMessage("'refreshInterval' must be at least one second");
	}

	@Test
	void createWhenUriInvalidThrowsException() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ObservedJwkSet("not a uri", Duration.ofSeconds(1), this.events::add, this.withdrawals::add))
			.withMessage("'jwkSetUri' must be a valid URL");
	}

	private List<JwksKeysChangedEvent> changes() {
		return this.events.stream()
			.filter(JwksKeysChangedEvent.class::isInstance)
			.map(JwksKeysChangedEvent.class::cast)
			.toList();
	}

	private List<JWK> selectKeys() throws KeySourceException {
		return this.jwkSet.getSource().get(new JWKSelector(new JWKMatcher.Builder().build()), null);
	}

}
