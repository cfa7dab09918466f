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

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A service token held by the double: its id, accessor, policies, metadata and lease.
 */
final class TokenEntry {

	private final String id;

	private final String accessor;

	private final TokenSpec spec;

	private final Instant creationTime;

	private volatile @Nullable Instant expireTime;

	private volatile @Nullable Instant lastRenewal;

	TokenEntry(String id, String accessor, TokenSpec spec, Instant creationTime) {
		this.id = id;
		this.accessor = accessor;
		this.spec = spec;
		this.creationTime = creationTime;
		this.expireTime = (spec.ttl().isZero()) ? null : creationTime.plus(spec.ttl());
	}

	String id() {
		return this.id;
	}

	String accessor() {
		return this.accessor;
	}

	TokenSpec spec() {
		return this.spec;
	}

	Instant creationTime() {
		return this.creationTime;
	}

	boolean isValid(Instant now) {
		return this.expireTime == null || now.isBefore(this.expireTime);
	}

	boolean isRenewable() {
		return this.spec.renewable() && this.expireTime != null;
	}

	void expireAt(Instant time) {
		this.expireTime = time;
	}

	void renewed(Instant now, Duration ttl) {
		this.lastRenewal = now;
		this.expireTime = now.plus(ttl);
	}

	long ttlSeconds(Instant now) {
		if (this.expireTime == null) {
			return 0;
		}
		return Math.max(0, Duration.between(now, this.expireTime).toSeconds());
	}

	/**
	 * Return the {@code auth} block of a login, create or renew response.
	 * @param now the current time
	 * @return the auth block
	 */
	Map<String, @Nullable Object> auth(Instant now) {
		Map<String, @Nullable Object> auth = new LinkedHashMap<>();
		auth.put("client_token", this.id);
		auth.put("accessor", this.accessor);
		auth.put("policies", this.spec.policies());
		auth.put("token_policies", this.spec.policies());
		auth.put("metadata", this.spec.metadata());
		auth.put("lease_duration", ttlSeconds(now));
		auth.put("renewable", this.spec.renewable());
		auth.put("entity_id", this.spec.entityId());
		auth.put("token_type", "service");
		auth.put("orphan", this.spec.orphan());
		auth.put("mfa_requirement", null);
		auth.put("num_uses", 0);
		return auth;
	}

	/**
	 * Return the {@code data} of a token lookup response.
	 * @param now the current time
	 * @return the token properties
	 */
	Map<String, @Nullable Object> lookup(Instant now) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("accessor", this.accessor);
		data.put("creation_time", this.creationTime.getEpochSecond());
		data.put("creation_ttl", this.spec.ttl().toSeconds());
		data.put("display_name", this.spec.displayName());
		data.put("entity_id", this.spec.entityId());
		data.put("expire_time", (this.expireTime != null) ? this.expireTime.toString() : null);
		data.put("explicit_max_ttl", 0);
		data.put("id", this.id);
		data.put("issue_time", this.creationTime.toString());
		data.put("meta", this.spec.metadata());
		data.put("num_uses", 0);
		data.put("orphan", this.spec.orphan());
		data.put("path", this.spec.path());
		data.put("policies", this.spec.policies());
		data.put("renewable", isRenewable());
		data.put("ttl", ttlSeconds(now));
		data.put("type", "service");
		if (this.lastRenewal != null) {
			data.put("last_renewal", this.lastRenewal.toString());
			data.put("last_renewal_time", this.lastRenewal.getEpochSecond());
		}
		return data;
	}

	/**
	 * What a token is issued with.
	 *
	 * @param path the path it was created on, for example {@code auth/approle/login}
	 * @param displayName the display name
	 * @param policies the policies
	 * @param metadata the metadata, or {@code null} for none
	 * @param ttl the initial TTL, zero for a token that never expires
	 * @param renewable whether the token can be renewed
	 * @param orphan whether the token has no parent
	 * @param entityId the identity entity, or an empty string
	 */
	record TokenSpec(String path, String displayName, List<String> policies, @Nullable Map<String, String> metadata,
			Duration ttl, boolean renewable, boolean orphan, String entityId) {

	}

}
