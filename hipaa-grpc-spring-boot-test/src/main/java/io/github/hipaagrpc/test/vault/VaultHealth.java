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

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Answers {@code sys/health} and {@code sys/seal-status} as Vault does: top-level JSON
 * with no envelope, and a status that query parameters can override.
 */
final class VaultHealth {

	private static final List<String> BOOLEAN_PARAMETERS = List.of("standbyok", "perfstandbyok");

	private static final List<String> CODE_PARAMETERS = List.of("activecode", "standbycode", "drsecondarycode",
			"performancestandbycode", "sealedcode", "uninitcode");

	private VaultHealth() {
	}

	/**
	 * Answer {@code sys/health}: 200 when active, 503 when sealed, or the codes given by
	 * {@code activecode} and {@code sealedcode}. The double is never a standby, a DR
	 * secondary or uninitialized, so the other parameters are only validated.
	 * @param method the HTTP method
	 * @param query the query parameters
	 * @param sealed whether the server is sealed
	 * @param now the current time
	 * @param clusterId the cluster id
	 * @return the reply
	 */
	static VaultReply reply(String method, Map<String, String> query, boolean sealed, Instant now, String clusterId) {
		if (!"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)) {
			return VaultReply.errors(405, List.of());
		}
		for (String parameter : BOOLEAN_PARAMETERS) {
			if (query.containsKey(parameter) && parseBoolean(query.get(parameter)) == null) {
				return VaultReply.errors(400, List.of());
			}
		}
		for (String parameter : CODE_PARAMETERS) {
			if (query.containsKey(parameter) && parseCode(query.get(parameter)) == null) {
				return VaultReply.errors(400, List.of());
			}
		}
		Integer code = parseCode(query.get((sealed) ? "sealedcode" : "activecode"));
		int status = (code != null) ? code : ((sealed) ? 503 : 200);
		return VaultReply.json(status, health(sealed, now, clusterId));
	}

	private static Map<String, Object> health(boolean sealed, Instant now, String clusterId) {
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("initialized", true);
		health.put("sealed", sealed);
		health.put("standby", false);
		health.put("performance_standby", false);
		health.put("replication_performance_mode", "disabled");
		health.put("replication_dr_mode", "disabled");
		health.put("server_time_utc", now.getEpochSecond());
		health.put("version", LocalVaultServer.VERSION);
		health.put("enterprise", false);
		if (!sealed) {
			health.put("cluster_name", clusterName(clusterId));
			health.put("cluster_id", clusterId);
		}
		return health;
	}

	/**
	 * Return the body of {@code sys/seal-status}.
	 * @param sealed whether the server is sealed
	 * @param clusterId the cluster id
	 * @return the seal status
	 */
	static Map<String, Object> sealStatus(boolean sealed, String clusterId) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("type", "shamir");
		status.put("initialized", true);
		status.put("sealed", sealed);
		status.put("t", 1);
		status.put("n", 1);
		status.put("progress", 0);
		status.put("nonce", "");
		status.put("version", LocalVaultServer.VERSION);
		status.put("build_date", "2025-01-01T00:00:00Z");
		status.put("migration", false);
		if (!sealed) {
			status.put("cluster_name", clusterName(clusterId));
			status.put("cluster_id", clusterId);
		}
		status.put("recovery_seal", false);
		status.put("storage_type", "inmem");
		return status;
	}

	private static String clusterName(String clusterId) {
		return "vault-cluster-" + clusterId.substring(0, 8);
	}

	private static @Nullable Boolean parseBoolean(@Nullable String value) {
		if (value == null) {
			return null;
		}
		return switch (value) {
			case "1", "t", "T", "true", "TRUE", "True", "" -> true;
			case "0", "f", "F", "false", "FALSE", "False" -> false;
			default -> null;
		};
	}

	private static @Nullable Integer parseCode(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
