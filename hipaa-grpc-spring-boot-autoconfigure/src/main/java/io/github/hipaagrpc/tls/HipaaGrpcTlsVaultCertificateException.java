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

package io.github.hipaagrpc.tls;

import org.springframework.util.Assert;

/**
 * Thrown when Vault's PKI secrets engine does not issue a certificate for the gRPC
 * listener, saying why in terms an operator can act on.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsVaultCertificateException extends RuntimeException {

	private final Reason reason;

	private final String pkiPath;

	private final String role;

	/**
	 * Create an exception.
	 * @param reason why no certificate was issued
	 * @param pkiPath the path at which the PKI secrets engine is mounted
	 * @param role the PKI role asked to issue the certificate
	 * @param cause the failure reported by Spring Vault
	 */
	public HipaaGrpcTlsVaultCertificateException(Reason reason, String pkiPath, String role, Throwable cause) {
		super("Vault PKI at '%s' did not issue a certificate for role '%s': %s".formatted(pkiPath, role,
				cause.getMessage()), cause);
		Assert.notNull(reason, "'reason' must not be null");
		this.reason = reason;
		this.pkiPath = pkiPath;
		this.role = role;
	}

	public Reason getReason() {
		return this.reason;
	}

	public String getPkiPath() {
		return this.pkiPath;
	}

	public String getRole() {
		return this.role;
	}

	/**
	 * Why Vault did not issue a certificate.
	 */
	public enum Reason {

		/**
		 * Vault could not be reached: no connection, or no answer in time.
		 */
		UNREACHABLE,

		/**
		 * Vault answered that it is sealed or cannot serve requests.
		 */
		SEALED,

		/**
		 * Logging in to Vault failed.
		 */
		LOGIN_FAILED,

		/**
		 * Vault denied the request: the token may not issue from the role, or has
		 * expired.
		 */
		PERMISSION_DENIED,

		/**
		 * The PKI secrets engine has no role of the requested name.
		 */
		UNKNOWN_ROLE,

		/**
		 * No secrets engine is mounted at the requested path.
		 */
		PKI_PATH_NOT_FOUND,

		/**
		 * The role refused the request, for example a name or lifetime it does not allow.
		 */
		REFUSED,

		/**
		 * Any other failure.
		 */
		FAILED

	}

}
