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

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.hipaagrpc.test.vault.TokenEntry.TokenSpec;
import org.jspecify.annotations.Nullable;

/**
 * The double's token store: issues, looks up, renews, expires and revokes service tokens
 * against the server's clock.
 */
final class TokenStore {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, TokenEntry> tokens = new HashMap<>();

	private final Duration maxTtl;

	TokenStore(Duration maxTtl) {
		this.maxTtl = maxTtl;
	}

	synchronized TokenEntry issue(TokenSpec spec, Instant now) {
		TokenEntry entry = new TokenEntry("hvs." + randomString(24), randomString(24), spec, now);
		this.tokens.put(entry.id(), entry);
		return entry;
	}

	/**
	 * Find a token that exists and has not expired. Expired tokens are revoked, as Vault
	 * revokes them when their lease ends.
	 * @param id the token
	 * @param now the current time
	 * @return the token entry or {@code null}
	 */
	synchronized @Nullable TokenEntry find(@Nullable String id, Instant now) {
		if (id == null) {
			return null;
		}
		TokenEntry entry = this.tokens.get(id);
		if (entry != null && !entry.isValid(now)) {
			this.tokens.remove(id);
			return null;
		}
		return entry;
	}

	/**
	 * Renew a token as Vault does: extend it by the increment, or by its initial TTL,
	 * capped at the maximum TTL counted from its creation.
	 * @param entry the token
	 * @param increment the requested TTL, zero for the token's initial TTL
	 * @param now the current time
	 * @return the warnings to return with the renewed token
	 */
	synchronized List<String> renew(TokenEntry entry, Duration increment, Instant now) {
		if (!entry.isRenewable()) {
			throw VaultApiException.badRequest("lease is not renewable");
		}
		Duration ttl = (increment.isZero()) ? entry.spec().ttl() : increment;
		Duration maxValidTtl = Duration.between(now, entry.creationTime().plus(this.maxTtl));
		if (maxValidTtl.isNegative() || maxValidTtl.isZero()) {
			throw VaultApiException.internal("past the max TTL, cannot renew");
		}
		List<String> warnings = new ArrayList<>();
		if (maxValidTtl.compareTo(ttl) < 0) {
			warnings.add("TTL of \"%s\" exceeded the effective max_ttl of \"%s\"; TTL value is capped accordingly"
				.formatted(VaultDurations.human(ttl), VaultDurations.human(maxValidTtl)));
			ttl = maxValidTtl;
		}
		entry.renewed(now, ttl);
		return warnings;
	}

	synchronized boolean revoke(String id) {
		return this.tokens.remove(id) != null;
	}

	synchronized boolean expire(String id, Instant now) {
		TokenEntry entry = this.tokens.get(id);
		if (entry == null) {
			return false;
		}
		entry.expireAt(now);
		return true;
	}

	private static String randomString(int length) {
		StringBuilder builder = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			builder.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return builder.toString();
	}

}
