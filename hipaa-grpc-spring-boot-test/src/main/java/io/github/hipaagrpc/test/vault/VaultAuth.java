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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import io.github.hipaagrpc.test.vault.TokenEntry.TokenSpec;
import io.github.hipaagrpc.test.vault.VaultRequest.Operation;
import org.jspecify.annotations.Nullable;

/**
 * The auth methods of the double: the token store's self-service paths, AppRole login and
 * Kubernetes login.
 */
final class VaultAuth {

	private static final List<String> DEFAULT_POLICIES = List.of("default");

	private final TokenStore tokenStore;

	private final Duration loginTokenTtl;

	private final Duration defaultTokenTtl;

	private final Map<String, AppRole> appRoles = new LinkedHashMap<>();

	private final Map<String, KubernetesRole> kubernetesRoles = new LinkedHashMap<>();

	VaultAuth(TokenStore tokenStore, Duration loginTokenTtl, Duration defaultTokenTtl) {
		this.tokenStore = tokenStore;
		this.loginTokenTtl = loginTokenTtl;
		this.defaultTokenTtl = defaultTokenTtl;
	}

	synchronized void addAppRole(String roleName, String roleId, String secretId) {
		this.appRoles.put(roleId, new AppRole(roleName, secretId));
	}

	synchronized void addKubernetesRole(String role, String jwt, String namespace, String serviceAccountName) {
		this.kubernetesRoles.put(role, new KubernetesRole(jwt, namespace, serviceAccountName));
	}

	Routes tokenRoutes() {
		return new Routes().add("lookup-self", Operation.READ, this::lookupSelf)
			.add("renew-self", Operation.UPDATE, this::renewSelf)
			.add("revoke-self", Operation.UPDATE, this::revokeSelf)
			.add("create", Operation.UPDATE, this::create);
	}

	Routes appRoleRoutes(String mountPath) {
		return new Routes().add("login", Operation.UPDATE,
				(request, variables) -> appRoleLogin(request, "auth/" + mountPath + "/login"));
	}

	Routes kubernetesRoutes(String mountPath) {
		return new Routes().add("login", Operation.UPDATE,
				(request, variables) -> kubernetesLogin(request, "auth/" + mountPath + "/login"));
	}

	private VaultReply lookupSelf(VaultRequest request, Map<String, String> variables) {
		TokenEntry entry = requiredToken(request);
		return Envelope.data(entry.lookup(request.now())).reply();
	}

	private VaultReply renewSelf(VaultRequest request, Map<String, String> variables) {
		TokenEntry entry = requiredToken(request);
		Duration increment = request.fields().duration("increment");
		List<String> warnings = this.tokenStore.renew(entry, increment, request.now());
		return Envelope.auth(entry.auth(request.now())).warnings(warnings).reply();
	}

	private VaultReply revokeSelf(VaultRequest request, Map<String, String> variables) {
		this.tokenStore.revoke(requiredToken(request).id());
		return VaultReply.noContent();
	}

	private VaultReply create(VaultRequest request, Map<String, String> variables) {
		TokenEntry parent = requiredToken(request);
		Fields fields = request.fields();
		List<String> policies = fields.has("policies") ? fields.strings("policies") : parent.spec().policies();
		Duration ttl = fields.duration("ttl");
		if (ttl.isZero()) {
			ttl = (parent.spec().ttl().isZero()) ? this.defaultTokenTtl : parent.spec().ttl();
		}
		String displayName = fields.has("display_name") ? "token-" + fields.string("display_name") : "token";
		TokenSpec spec = new TokenSpec("auth/token/create", displayName,
				withDefaultPolicy(policies, fields.bool("no_default_policy", false)), metadata(fields), ttl,
				fields.bool("renewable", true), fields.bool("no_parent", false), "");
		TokenEntry entry = this.tokenStore.issue(spec, request.now());
		return Envelope.auth(entry.auth(request.now())).reply();
	}

	private VaultReply appRoleLogin(VaultRequest request, String path) {
		Fields fields = request.fields();
		String roleId = requiredField(fields, "role_id");
		AppRole appRole = appRole(roleId);
		if (appRole == null) {
			throw VaultApiException.badRequest("invalid role or secret ID");
		}
		if (!appRole.secretId().equals(requiredField(fields, "secret_id"))) {
			throw VaultApiException.badRequest("invalid role or secret ID");
		}
		TokenSpec spec = new TokenSpec(path, "approle", DEFAULT_POLICIES, Map.of("role_name", appRole.name()),
				this.loginTokenTtl, true, true, entityId("approle", appRole.name()));
		return login(spec, request);
	}

	private VaultReply kubernetesLogin(VaultRequest request, String path) {
		Fields fields = request.fields();
		String roleName = requiredField(fields, "role");
		String jwt = requiredField(fields, "jwt");
		KubernetesRole role = kubernetesRole(roleName);
		if (role == null) {
			throw VaultApiException.badRequest("invalid role name \"%s\"".formatted(roleName));
		}
		if (!role.jwt().equals(jwt)) {
			throw VaultApiException.permissionDenied();
		}
		String displayName = "kubernetes-%s-%s".formatted(role.namespace(), role.serviceAccountName());
		TokenSpec spec = new TokenSpec(path, displayName, DEFAULT_POLICIES, role.metadata(roleName), this.loginTokenTtl,
				true, true, entityId("kubernetes", roleName));
		return login(spec, request);
	}

	private VaultReply login(TokenSpec spec, VaultRequest request) {
		TokenEntry entry = this.tokenStore.issue(spec, request.now());
		return Envelope.auth(entry.auth(request.now())).reply();
	}

	private TokenEntry requiredToken(VaultRequest request) {
		TokenEntry entry = this.tokenStore.find(request.token(), request.now());
		if (entry == null) {
			throw VaultApiException.permissionDenied();
		}
		return entry;
	}

	private synchronized @Nullable AppRole appRole(String roleId) {
		return this.appRoles.get(roleId);
	}

	private synchronized @Nullable KubernetesRole kubernetesRole(String role) {
		return this.kubernetesRoles.get(role);
	}

	private static String requiredField(Fields fields, String name) {
		String value = fields.string(name);
		if (value.isEmpty()) {
			throw VaultApiException.badRequest("missing " + name);
		}
		return value;
	}

	private static List<String> withDefaultPolicy(List<String> policies, boolean noDefaultPolicy) {
		TreeSet<String> all = new TreeSet<>(policies);
		if (!all.contains("root") && !noDefaultPolicy) {
			all.add("default");
		}
		return new ArrayList<>(all);
	}

	private static @Nullable Map<String, String> metadata(Fields fields) {
		if (!(fields.raw("meta") instanceof Map<?, ?> meta) || meta.isEmpty()) {
			return null;
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		meta.forEach((key, value) -> metadata.put(String.valueOf(key), String.valueOf(value)));
		return metadata;
	}

	private static String entityId(String method, String role) {
		return UUID.nameUUIDFromBytes((method + ":" + role).getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * An AppRole role with its one valid secret ID.
	 *
	 * @param name the role name
	 * @param secretId the secret ID
	 */
	private record AppRole(String name, String secretId) {

		@Override
		public String toString() {
			return "AppRole[name=" + this.name + "]";
		}

	}

	/**
	 * A Kubernetes auth role with the one service account token it accepts.
	 *
	 * @param jwt the service account token
	 * @param namespace the service account's namespace
	 * @param serviceAccountName the service account's name
	 */
	private record KubernetesRole(String jwt, String namespace, String serviceAccountName) {

		Map<String, String> metadata(String role) {
			Map<String, String> metadata = new LinkedHashMap<>();
			metadata.put("role", role);
			metadata.put("service_account_name", this.serviceAccountName);
			metadata.put("service_account_namespace", this.namespace);
			metadata.put("service_account_secret_name", "");
			metadata.put("service_account_uid", entityId(this.namespace, this.serviceAccountName));
			return metadata;
		}

		@Override
		public String toString() {
			return "KubernetesRole[namespace=" + this.namespace + ", serviceAccountName=" + this.serviceAccountName
					+ "]";
		}

	}

}
