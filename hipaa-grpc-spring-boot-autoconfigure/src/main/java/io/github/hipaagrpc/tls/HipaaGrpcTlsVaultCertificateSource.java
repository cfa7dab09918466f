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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.CertificateBundle;
import org.springframework.vault.support.VaultCertificateRequest;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.RestClientResponseException;

/**
 * Certificate source that has Vault's PKI secrets engine issue a new certificate and
 * private key on every call, through Spring Vault. The chain served is the certificate
 * followed by Vault's CA chain, and the issuing CA and the chain's root become the trust
 * anchors for client certificates, so that clients holding certificates from the same
 * Vault CA can authenticate with mutual TLS.
 * <p>
 * The renewal schedule belongs to {@link HipaaGrpcTlsCertificateRotation}, not to Spring
 * Vault's {@code CertificateContainer}: the container renews every certificate it holds
 * at one container-wide threshold plus random jitter, which can land moments before
 * expiry, and it never retries a rotation that failed.
 * <p>
 * Keys are requested in Vault's default DER encoding (PKCS#1 for RSA, SEC1 for EC), never
 * as PKCS#8, which Spring Vault 4.1.0 reads into an EC key that does not match its
 * certificate.
 * <p>
 * Vault answers "permission denied" once the session token has expired or been revoked,
 * and Spring Vault's session managers do not log in again on that answer by themselves.
 * Given a {@link LifecycleAwareSessionManager}, this source then asks it to renew the
 * token: a token that cannot be renewed is dropped (Spring Vault's default lease
 * strategy), and the request is made once more with a new login. A
 * {@code SimpleSessionManager} keeps its first token for good, so an application that
 * uses one cannot recover from an expired token without a restart: use a login method
 * that can log in again (AppRole, Kubernetes) rather than a fixed token.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsVaultCertificateSource implements HipaaGrpcTlsCertificateSource {

	private static final Log logger = LogFactory.getLog(HipaaGrpcTlsVaultCertificateSource.class);

	private static final int BAD_REQUEST = 400;

	private static final int FORBIDDEN = 403;

	private static final int NOT_FOUND = 404;

	private static final int SERVICE_UNAVAILABLE = 503;

	private final VaultOperations vault;

	private final String pkiPath;

	private final String role;

	private final VaultCertificateRequest request;

	private final @Nullable SessionManager sessionManager;

	/**
	 * Create a source that cannot log in again when Vault denies permission.
	 * @param vault the Vault connection
	 * @param pkiPath the path at which the PKI secrets engine is mounted
	 * @param role the PKI role that issues the certificates
	 * @param request the names and lifetime of each certificate
	 */
	public HipaaGrpcTlsVaultCertificateSource(VaultOperations vault, String pkiPath, String role,
			VaultCertificateRequest request) {
		this(vault, pkiPath, role, request, null);
	}

	/**
	 * Create a source.
	 * @param vault the Vault connection
	 * @param pkiPath the path at which the PKI secrets engine is mounted
	 * @param role the PKI role that issues the certificates
	 * @param request the names and lifetime of each certificate
	 * @param sessionManager the session manager behind the Vault connection, asked to
	 * renew or drop its token when Vault denies permission, or {@code null}
	 */
	public HipaaGrpcTlsVaultCertificateSource(VaultOperations vault, String pkiPath, String role,
			VaultCertificateRequest request, @Nullable SessionManager sessionManager) {
		Assert.notNull(vault, "'vault' must not be null");
		Assert.hasText(pkiPath, "'pkiPath' must not be empty");
		Assert.hasText(role, "'role' must not be empty");
		Assert.notNull(request, "'request' must not be null");
		Assert.isTrue(!"pkcs8".equals(request.getPrivateKeyFormat()),
				"'request' must not ask for PKCS#8 keys, which Spring Vault reads wrongly for EC keys");
		this.vault = vault;
		this.pkiPath = pkiPath;
		this.role = role;
		this.request = request;
		this.sessionManager = sessionManager;
	}

	/**
	 * Issue a new certificate from the PKI role.
	 * @return the certificate with its private key, chain and trust anchors
	 * @throws HipaaGrpcTlsVaultCertificateException if Vault does not issue one
	 */
	@Override
	public HipaaGrpcTlsCertificate obtain() {
		try {
			return issue();
		}
		catch (RuntimeException ex) {
			if (isPermissionDenied(ex) && droppedSessionToken()) {
				return issueAfterLogin();
			}
			throw failure(ex);
		}
	}

	private HipaaGrpcTlsCertificate issueAfterLogin() {
		try {
			return issue();
		}
		catch (RuntimeException ex) {
			throw failure(ex);
		}
	}

	private HipaaGrpcTlsCertificate issue() {
		logger.debug(LogMessage.format("Requesting a gRPC server certificate from %s", this));
		CertificateBundle bundle = this.vault.opsForPki(this.pkiPath)
			.issueCertificate(this.role, this.request)
			.getRequiredData();
		return new HipaaGrpcTlsCertificate(privateKey(bundle), chain(bundle), trustAnchors(bundle));
	}

	/**
	 * Return the certificates of every issuer that Vault's PKI engine lists, the current
	 * default and those rotated out but not deleted.
	 * @return the issuers' certificates
	 */
	@Override
	public List<X509Certificate> currentTrustAnchors() {
		try {
			List<String> issuers = this.vault.list(this.pkiPath + "/issuers");
			List<X509Certificate> anchors = new ArrayList<>();
			for (String issuer : (issuers != null) ? issuers : List.<String>of()) {
				anchors.add(issuerCertificate(issuer));
			}
			return anchors;
		}
		catch (RuntimeException ex) {
			throw failure(ex);
		}
	}

	private X509Certificate issuerCertificate(String issuer) {
		VaultResponse response = this.vault.read(this.pkiPath + "/issuer/" + issuer + "/json");
		Map<String, Object> data = (response != null) ? response.getData() : null;
		Object pem = (data != null) ? data.get("certificate") : null;
		if (!(pem instanceof String text)) {
			throw new IllegalStateException("Vault issuer '%s' has no certificate".formatted(issuer));
		}
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
			return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bytes));
		}
		catch (CertificateException ex) {
			throw new IllegalStateException("Certificate of Vault issuer '%s' could not be read".formatted(issuer), ex);
		}
	}

	private boolean droppedSessionToken() {
		if (!(this.sessionManager instanceof LifecycleAwareSessionManager lifecycle)) {
			return false;
		}
		logger.debug("Vault denied permission: renewing the session token, or logging in again");
		try {
			return !lifecycle.renewToken();
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private static PrivateKey privateKey(CertificateBundle bundle) {
		String algorithm = bundle.getRequiredPrivateKeyType().toUpperCase(Locale.ROOT);
		try {
			return KeyFactory.getInstance(algorithm).generatePrivate(bundle.getPrivateKeySpec());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Private key of type '%s' could not be read".formatted(algorithm), ex);
		}
	}

	private static List<X509Certificate> chain(CertificateBundle bundle) {
		Set<X509Certificate> chain = new LinkedHashSet<>();
		chain.add(bundle.getX509Certificate());
		chain.addAll(issuers(bundle));
		return new ArrayList<>(chain);
	}

	private static List<X509Certificate> trustAnchors(CertificateBundle bundle) {
		Set<X509Certificate> anchors = new LinkedHashSet<>();
		anchors.add(bundle.getX509IssuerCertificate());
		for (X509Certificate issuer : issuers(bundle)) {
			if (issuer.getSubjectX500Principal().equals(issuer.getIssuerX500Principal())) {
				anchors.add(issuer);
			}
		}
		return new ArrayList<>(anchors);
	}

	private static List<X509Certificate> issuers(CertificateBundle bundle) {
		List<X509Certificate> chain = bundle.getX509IssuerCertificates();
		return (!chain.isEmpty()) ? chain : List.of(bundle.getX509IssuerCertificate());
	}

	private HipaaGrpcTlsVaultCertificateException failure(RuntimeException ex) {
		return new HipaaGrpcTlsVaultCertificateException(reason(ex), this.pkiPath, this.role, ex);
	}

	private static HipaaGrpcTlsVaultCertificateException.Reason reason(RuntimeException ex) {
		if (cause(ex, IOException.class) != null) {
			return HipaaGrpcTlsVaultCertificateException.Reason.UNREACHABLE;
		}
		RestClientResponseException response = cause(ex, RestClientResponseException.class);
		int status = (response != null) ? response.getStatusCode().value() : 0;
		if (status == SERVICE_UNAVAILABLE) {
			return HipaaGrpcTlsVaultCertificateException.Reason.SEALED;
		}
		if (cause(ex, VaultLoginException.class) != null) {
			return HipaaGrpcTlsVaultCertificateException.Reason.LOGIN_FAILED;
		}
		return switch (status) {
			case FORBIDDEN -> HipaaGrpcTlsVaultCertificateException.Reason.PERMISSION_DENIED;
			case NOT_FOUND -> HipaaGrpcTlsVaultCertificateException.Reason.PKI_PATH_NOT_FOUND;
			case BAD_REQUEST -> (String.valueOf(ex.getMessage()).contains("unknown role"))
					? HipaaGrpcTlsVaultCertificateException.Reason.UNKNOWN_ROLE
					: HipaaGrpcTlsVaultCertificateException.Reason.REFUSED;
			default -> HipaaGrpcTlsVaultCertificateException.Reason.FAILED;
		};
	}

	private static boolean isPermissionDenied(RuntimeException ex) {
		RestClientResponseException response = cause(ex, RestClientResponseException.class);
		return response != null && response.getStatusCode().value() == FORBIDDEN;
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "Vault PKI at '%s' role '%s'".formatted(this.pkiPath, this.role);
	}

}
