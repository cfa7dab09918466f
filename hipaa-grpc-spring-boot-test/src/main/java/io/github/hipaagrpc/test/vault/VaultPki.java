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

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.hipaagrpc.test.vault.VaultRequest.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The PKI secrets engine of a {@link LocalVaultServer}: an in-memory root CA that issues
 * certificates for the roles a test creates, and that a test can rotate.
 * <p>
 * Every issuer is a self-signed root with an EC P-256 key (or RSA 2048, see
 * {@link LocalVaultServer.Builder#pkiCaKeyType(String)}), valid for ten years. The most
 * recently created issuer is the default one.
 *
 * @since 0.1.0
 */
public final class VaultPki {

	private static final Duration MOUNT_MAX_TTL = Duration.ofDays(32);

	private static final Pattern UNAUTHENTICATED = Pattern
		.compile("ca|ca/pem|ca_chain|cert/[^/]+|crl|crl/pem|issuers|issuer/[^/]+/(json|pem|der)");

	private final String mountPath;

	private final String caKeyType;

	private final Supplier<Instant> clock;

	private final List<PkiIssuer> issuers = new ArrayList<>();

	private final Map<String, PkiRole> roles = new LinkedHashMap<>();

	private final Map<String, IssuedCertificate> issued = new LinkedHashMap<>();

	private final Map<String, Instant> revoked = new LinkedHashMap<>();

	private long crlNumber;

	VaultPki(String mountPath, String caKeyType, Supplier<Instant> clock) {
		this.mountPath = mountPath;
		this.caKeyType = caKeyType;
		this.clock = clock;
		rotateCa();
	}

	/**
	 * Return the path the engine is mounted at, for example {@code pki}.
	 * @return the mount path
	 */
	public String mountPath() {
		return this.mountPath;
	}

	/**
	 * Create a role, replacing any role with the same name.
	 * @param role the role
	 */
	public synchronized void createRole(PkiRole role) {
		Assert.notNull(role, "'role' must not be null");
		this.roles.put(role.name(), role.copy());
	}

	/**
	 * Return the certificate of the default issuer, the trust anchor for newly issued
	 * certificates.
	 * @return the CA certificate
	 */
	public synchronized X509Certificate caCertificate() {
		return defaultIssuer().certificate();
	}

	/**
	 * Return the certificates of all issuers, oldest first.
	 * @return the CA certificates
	 */
	public synchronized List<X509Certificate> caCertificates() {
		return this.issuers.stream().map(PkiIssuer::certificate).toList();
	}

	/**
	 * Create a new root issuer with a new key and make it the default, as a CA rotation
	 * does. Certificates issued before keep chaining to the previous issuer, which stays
	 * readable by id or name.
	 * @return the certificate of the new default issuer
	 */
	public synchronized X509Certificate rotateCa() {
		String name = "root-" + (this.issuers.size() + 1);
		PkiIssuer issuer = PkiIssuer.generate(name, this.caKeyType, this.clock.get());
		this.issuers.add(issuer);
		return issuer.certificate();
	}

	/**
	 * Return the serial numbers of the certificates issued so far, in the order they were
	 * issued and in Vault's format ({@code 3a:0f:...}).
	 * @return the serial numbers
	 */
	public synchronized List<String> issuedSerialNumbers() {
		return List.copyOf(this.issued.keySet());
	}

	/**
	 * Return the certificates issued so far, in the order they were issued.
	 * @return the certificates
	 */
	public synchronized List<X509Certificate> issuedCertificates() {
		return this.issued.values().stream().map(IssuedCertificate::certificate).toList();
	}

	/**
	 * Return the serial numbers revoked through {@code pki/revoke}.
	 * @return the revoked serial numbers
	 */
	public synchronized List<String> revokedSerialNumbers() {
		return List.copyOf(this.revoked.keySet());
	}

	boolean isUnauthenticated(String path) {
		return UNAUTHENTICATED.matcher(path).matches();
	}

	Routes routes() {
		return new Routes().add("issue/{role}", Operation.UPDATE, this::issue)
			.add("issuer/{ref}/issue/{role}", Operation.UPDATE, this::issue)
			.add("ca", Operation.READ, (request, variables) -> VaultReply.raw("application/pkix-cert", caDer()))
			.add("ca/pem", Operation.READ, (request, variables) -> raw("application/pem-certificate-chain", caPem()))
			.add("ca_chain", Operation.READ, (request, variables) -> raw("application/pkix-cert", chainPem()))
			.add("cert/{serial}", Operation.READ, this::readCertificate)
			.add("certs", Operation.LIST, this::listCertificates)
			.add("crl", Operation.READ, (request, variables) -> crl(request, false))
			.add("crl/pem", Operation.READ, (request, variables) -> crl(request, true))
			.add("issuer/{ref}/json", Operation.READ, this::readIssuer)
			.add("issuer/{ref}/pem", Operation.READ, this::readIssuer)
			.add("issuer/{ref}/der", Operation.READ, this::readIssuer)
			.add("issuers", Operation.LIST, this::listIssuers)
			.add("revoke", Operation.UPDATE, this::revoke);
	}

	private synchronized VaultReply issue(VaultRequest request, Map<String, String> variables) {
		String roleName = variables.getOrDefault("role", "");
		PkiRole role = this.roles.get(roleName);
		if (role == null) {
			throw VaultApiException.badRequest("unknown role: " + roleName);
		}
		PkiIssuer issuer = issuerForIssuing(variables.getOrDefault("ref", "default"));
		Fields fields = request.fields();
		String format = issueFormat(fields);
		boolean pkcs8 = pkcs8(fields);
		PkiIssueRequest issueRequest = PkiIssueRequest.validate(role, fields, issuer, request.now(), MOUNT_MAX_TTL);
		KeyPair keyPair = PkiKeys.generate(role.keyType(), role.effectiveKeyBits());
		X509Certificate certificate = issuer.issue(issueRequest.commonName(), issueRequest.subjectAlternativeNames(),
				keyPair.getPublic(), issueRequest.notBefore(), issueRequest.notAfter());
		String serialNumber = PkiKeys.serialNumber(certificate.getSerialNumber());
		this.issued.put(serialNumber, new IssuedCertificate(certificate, issuer));
		CertificateBundle bundle = new CertificateBundle(certificate, keyPair, pkcs8, issuer.chain(),
				fields.bool("remove_roots_from_chain", false));
		Envelope envelope = Envelope.data(bundle.data(format, serialNumber)).warnings(issueRequest.warnings());
		if (role.generateLease()) {
			long leaseDuration = Duration.between(request.now(), issueRequest.notAfter()).toSeconds();
			envelope.lease(this.mountPath + "/issue/" + roleName + "/" + UUID.randomUUID(), leaseDuration);
		}
		return envelope.reply();
	}

	private static String issueFormat(Fields fields) {
		String format = fields.string("format");
		if (format.isEmpty()) {
			return "pem";
		}
		if (!List.of("pem", "der", "pem_bundle").contains(format)) {
			throw VaultApiException
				.badRequest("the \"format\" path parameter must be \"pem\", \"der\", or \"pem_bundle\"");
		}
		return format;
	}

	private static boolean pkcs8(Fields fields) {
		String format = fields.string("private_key_format");
		if (!List.of("", "der", "pem", "pkcs8").contains(format)) {
			throw VaultApiException.badRequest(
					"error converting input %s for field \"private_key_format\": value must be one of [ der pem pkcs8]"
						.formatted(format));
		}
		return "pkcs8".equals(format);
	}

	private synchronized VaultReply readCertificate(VaultRequest request, Map<String, String> variables) {
		String serial = variables.getOrDefault("serial", "").toLowerCase(Locale.ROOT).replace('-', ':');
		if ("ca".equals(serial) || "ca_chain".equals(serial)) {
			String pem = ("ca".equals(serial)) ? caPem() : chainPem();
			Map<String, Object> data = certificateData(pem, null, null);
			if ("ca_chain".equals(serial)) {
				data.put("ca_chain", pem);
			}
			return Envelope.data(data).reply();
		}
		X509Certificate certificate = findCertificate(serial);
		if (certificate == null) {
			throw VaultApiException.notFound();
		}
		IssuedCertificate issuedCertificate = this.issued.get(serial);
		String issuerId = (issuedCertificate != null) ? issuedCertificate.issuer().id() : null;
		return Envelope.data(certificateData(PkiKeys.pem(certificate), this.revoked.get(serial), issuerId)).reply();
	}

	private static Map<String, Object> certificateData(String pem, @Nullable Instant revocationTime,
			@Nullable String issuerId) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("certificate", pem);
		data.put("revocation_time", (revocationTime != null) ? revocationTime.getEpochSecond() : 0L);
		data.put("revocation_time_rfc3339", (revocationTime != null) ? revocationTime.toString() : "");
		if (revocationTime != null && issuerId != null) {
			data.put("issuer_id", issuerId);
		}
		return data;
	}

	private @Nullable X509Certificate findCertificate(String serial) {
		IssuedCertificate issuedCertificate = this.issued.get(serial);
		if (issuedCertificate != null) {
			return issuedCertificate.certificate();
		}
		for (PkiIssuer issuer : this.issuers) {
			if (serial.equals(PkiKeys.serialNumber(issuer.certificate().getSerialNumber()))) {
				return issuer.certificate();
			}
		}
		return null;
	}

	private synchronized VaultReply listCertificates(VaultRequest request, Map<String, String> variables) {
		List<String> serials = new ArrayList<>();
		this.issuers.forEach((issuer) -> serials.add(PkiKeys.serialNumber(issuer.certificate().getSerialNumber())));
		serials.addAll(this.issued.keySet());
		return Envelope.data(Map.of("keys", serials)).reply();
	}

	private synchronized VaultReply readIssuer(VaultRequest request, Map<String, String> variables) {
		String reference = variables.getOrDefault("ref", "");
		PkiIssuer issuer = resolve(reference);
		if (issuer == null) {
			throw VaultApiException.badRequest("unable to resolve issuer id for reference: " + reference);
		}
		String certificate = PkiKeys.pem(issuer.certificate()) + "\n";
		if (request.path().endsWith("/pem")) {
			return raw("application/pem-certificate-chain", certificate);
		}
		if (request.path().endsWith("/der")) {
			return VaultReply.raw("application/pkix-cert", PkiKeys.der(issuer.certificate()));
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ca_chain", issuer.chain().stream().map((ca) -> PkiKeys.pem(ca) + "\n").toList());
		data.put("certificate", certificate);
		data.put("issuer_id", issuer.id());
		data.put("issuer_name", issuer.name());
		return Envelope.data(data).reply();
	}

	private synchronized VaultReply listIssuers(VaultRequest request, Map<String, String> variables) {
		PkiIssuer defaultIssuer = defaultIssuer();
		Map<String, Object> keyInfo = new LinkedHashMap<>();
		for (PkiIssuer issuer : this.issuers) {
			keyInfo.put(issuer.id(), Map.of("issuer_name", issuer.name(), "is_default", issuer == defaultIssuer));
		}
		return Envelope.data(Map.of("keys", List.copyOf(keyInfo.keySet()), "key_info", keyInfo)).reply();
	}

	private synchronized VaultReply revoke(VaultRequest request, Map<String, String> variables) {
		String serial = request.fields().string("serial_number").toLowerCase(Locale.ROOT).replace('-', ':');
		if (serial.isEmpty()) {
			throw VaultApiException.badRequest("The serial number or certificate to revoke must be provided.");
		}
		if (!this.issued.containsKey(serial)) {
			throw VaultApiException.badRequest("certificate with serial %s not found.".formatted(serial));
		}
		Instant revocationTime = this.revoked.computeIfAbsent(serial, (key) -> request.now());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("revocation_time", revocationTime.getEpochSecond());
		data.put("revocation_time_rfc3339", revocationTime.toString());
		return Envelope.data(data).reply();
	}

	private synchronized VaultReply crl(VaultRequest request, boolean pem) {
		PkiIssuer issuer = defaultIssuer();
		Map<BigInteger, Instant> entries = new LinkedHashMap<>();
		this.revoked.forEach((serial, time) -> {
			IssuedCertificate issuedCertificate = this.issued.get(serial);
			if (issuedCertificate != null && issuedCertificate.issuer() == issuer) {
				entries.put(issuedCertificate.certificate().getSerialNumber(), time);
			}
		});
		X509CRL crl = issuer.crl(entries, request.now(), ++this.crlNumber);
		byte[] der = encoded(crl);
		if (pem) {
			return raw("application/x-pem-file", PkiKeys.pem("X509 CRL", der));
		}
		return VaultReply.raw("application/pkix-crl", der);
	}

	private static byte[] encoded(X509CRL crl) {
		try {
			return crl.getEncoded();
		}
		catch (CRLException ex) {
			throw new IllegalStateException("Unable to encode a CRL", ex);
		}
	}

	private synchronized byte[] caDer() {
		return PkiKeys.der(defaultIssuer().certificate());
	}

	private synchronized String caPem() {
		return PkiKeys.pem(defaultIssuer().certificate());
	}

	private synchronized String chainPem() {
		return String.join("\n", defaultIssuer().chain().stream().map(PkiKeys::pem).toList());
	}

	private PkiIssuer defaultIssuer() {
		return this.issuers.get(this.issuers.size() - 1);
	}

	private PkiIssuer issuerForIssuing(String reference) {
		PkiIssuer issuer = resolve(reference);
		if (issuer == null) {
			throw VaultApiException.badRequest("unable to find PKI issuer for reference: " + reference);
		}
		return issuer;
	}

	private @Nullable PkiIssuer resolve(String reference) {
		if ("default".equals(reference)) {
			return defaultIssuer();
		}
		for (PkiIssuer issuer : this.issuers) {
			if (issuer.id().equals(reference) || issuer.name().equals(reference)) {
				return issuer;
			}
		}
		return null;
	}

	private static VaultReply raw(String contentType, String text) {
		return VaultReply.raw(contentType, text.getBytes(StandardCharsets.US_ASCII));
	}

	@Override
	public String toString() {
		return "VaultPki[mountPath='%s']".formatted(this.mountPath);
	}

	/**
	 * A certificate the engine issued, with the issuer that signed it.
	 *
	 * @param certificate the certificate
	 * @param issuer the issuer
	 */
	private record IssuedCertificate(X509Certificate certificate, PkiIssuer issuer) {

	}

}
