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

package io.github.hipaagrpc.autoconfigure.tls;

import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Failure analyzer for a gRPC server certificate that Vault's PKI secrets engine did not
 * issue at startup, saying what to fix for each reason.
 */
class HipaaGrpcTlsVaultFailureAnalyzer extends AbstractFailureAnalyzer<HipaaGrpcTlsVaultCertificateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, HipaaGrpcTlsVaultCertificateException cause) {
		return new FailureAnalysis(cause.getMessage(), action(cause), cause);
	}

	private static String action(HipaaGrpcTlsVaultCertificateException cause) {
		String path = cause.getPkiPath();
		String role = cause.getRole();
		return switch (cause.getReason()) {
			case UNREACHABLE -> "Check that Vault is running and that 'spring.cloud.vault.uri' (or the endpoint of "
					+ "your VaultTemplate) names its scheme, host and port, reachable from this host";
			case SEALED -> "Unseal Vault, or point 'spring.cloud.vault.uri' at an active, unsealed node";
			case LOGIN_FAILED -> "Check 'spring.cloud.vault.authentication' and its credentials: the role ID and "
					+ "secret ID for AppRole, the role and service account token for Kubernetes, or the token";
			case PERMISSION_DENIED -> ("Grant the application's Vault policy the 'update' capability on '%s/issue/%s', "
					+ "and check that its token has not expired or been revoked")
				.formatted(path, role);
			case UNKNOWN_ROLE -> ("Create the PKI role (vault write %s/roles/%s ...), or name an existing role with "
					+ "'hipaa.grpc.tls.vault.role'")
				.formatted(path, role);
			case PKI_PATH_NOT_FOUND -> ("Enable the PKI secrets engine at '%s' (vault secrets enable -path=%s pki), "
					+ "or set 'hipaa.grpc.tls.vault.pki-path' to where it is mounted")
				.formatted(path, path);
			case REFUSED -> ("Allow the requested names and lifetime in PKI role '%s' (allowed_domains, "
					+ "allow_subdomains, allow_ip_sans, allowed_uri_sans, max_ttl), or change "
					+ "'hipaa.grpc.tls.vault.common-name', 'alt-names', 'ip-sans', 'uri-sans' and 'ttl'")
				.formatted(role);
			case FAILED -> "Check Vault's server log for the request to '%s/issue/%s'".formatted(path, role);
		};
	}

}
