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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The standard Vault response body: {@code request_id}, lease fields, {@code data},
 * {@code wrap_info}, {@code warnings}, {@code auth} and {@code mount_type}.
 */
final class Envelope {

	private final @Nullable Map<String, ?> data;

	private final @Nullable Map<String, ?> auth;

	private final List<String> warnings = new ArrayList<>();

	private String leaseId = "";

	private long leaseDuration;

	private int status = 200;

	private Envelope(@Nullable Map<String, ?> data, @Nullable Map<String, ?> auth) {
		this.data = data;
		this.auth = auth;
	}

	static Envelope data(Map<String, ?> data) {
		return new Envelope(data, null);
	}

	static Envelope auth(Map<String, ?> auth) {
		return new Envelope(null, auth);
	}

	Envelope warning(String warning) {
		this.warnings.add(warning);
		return this;
	}

	Envelope warnings(List<String> warnings) {
		this.warnings.addAll(warnings);
		return this;
	}

	Envelope lease(String leaseId, long leaseDuration) {
		this.leaseId = leaseId;
		this.leaseDuration = leaseDuration;
		return this;
	}

	Envelope status(int status) {
		this.status = status;
		return this;
	}

	VaultReply reply() {
		return VaultReply.envelope(this.status, this);
	}

	/**
	 * Render the body in the field order Vault uses.
	 * @param mountType the type of the mount that answered, for {@code mount_type}
	 * @return the body
	 */
	Map<String, @Nullable Object> render(String mountType) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("request_id", UUID.randomUUID().toString());
		body.put("lease_id", this.leaseId);
		body.put("renewable", false);
		body.put("lease_duration", this.leaseDuration);
		body.put("data", this.data);
		body.put("wrap_info", null);
		body.put("warnings", this.warnings.isEmpty() ? null : List.copyOf(this.warnings));
		body.put("auth", this.auth);
		body.put("mount_type", mountType);
		return body;
	}

}
