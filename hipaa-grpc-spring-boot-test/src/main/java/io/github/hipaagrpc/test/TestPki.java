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

package io.github.hipaagrpc.test;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.util.Assert;

/**
 * An in-process certificate authority that issues short-lived server and client
 * certificates for TLS tests, with no {@code keytool} and no files unless asked.
 * <p>
 * The CA and every certificate it issues use EC P-256 keys and SHA256withECDSA
 * signatures. Certificates become valid a minute before they are issued, to absorb clock
 * skew.
 *
 * @since 0.1.0
 */
public final class TestPki {

	/**
	 * Common name of the CA certificate.
	 */
	public static final String CA_COMMON_NAME = "HIPAA gRPC Test CA";

	/**
	 * Trust domain of the SPIFFE IDs written into client certificates.
	 */
	public static final String TRUST_DOMAIN = "hipaa-grpc.test";

	private static final Duration DEFAULT_VALIDITY = Duration.ofDays(1);

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

	private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final KeyPair caKeyPair;

	private final X509Certificate caCertificate;

	private TestPki(KeyPair caKeyPair, X509Certificate caCertificate) {
		this.caKeyPair = caKeyPair;
		this.caCertificate = caCertificate;
	}

	/**
	 * Create a new CA with a self-signed certificate valid for one day.
	 * @return the test PKI
	 */
	public static TestPki create() {
		KeyPair keyPair = generateKeyPair();
		X500Name name = commonName(CA_COMMON_NAME);
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serialNumber(),
				Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(DEFAULT_VALIDITY)), name, keyPair.getPublic());
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
			return new TestPki(keyPair, sign(builder, keyPair.getPrivate()));
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Unable to create the test CA", ex);
		}
	}

	/**
	 * Return the CA certificate, the trust anchor for every certificate this PKI issues.
	 * @return the CA certificate
	 */
	public X509Certificate caCertificate() {
		return this.caCertificate;
	}

	/**
	 * Return the CA certificate as PEM text.
	 * @return the PEM-encoded CA certificate
	 */
	public String caCertificatePem() {
		return Pem.certificates(List.of(this.caCertificate));
	}

	/**
	 * Write the CA certificate to {@code ca.pem} in the given directory, creating the
	 * directory when needed.
	 * @param directory the directory to write to
	 * @return the written file
	 */
	public Path writeCaPem(Path directory) {
		Assert.notNull(directory, "'directory' must not be null");
		return Pem.write(directory.resolve("ca.pem"), caCertificatePem());
	}

	/**
	 * Issue a server certificate valid for one day. Each name becomes a subject
	 * alternative name: an IP address when it is written as one, otherwise a DNS name.
	 * The first name is also the common name.
	 * @param dnsNamesOrIpAddresses the names the server answers to, for example
	 * {@code localhost} and {@code 127.0.0.1}
	 * @return the server certificate
	 */
	public TestCertificate issueServer(String... dnsNamesOrIpAddresses) {
		return issueServer(DEFAULT_VALIDITY, dnsNamesOrIpAddresses);
	}

	/**
	 * Issue a server certificate valid for the given duration from now.
	 * @param validity how long the certificate is valid
	 * @param names the DNS names and IP addresses the server answers to
	 * @return the server certificate
	 * @see #issueServer(String...)
	 */
	public TestCertificate issueServer(Duration validity, String... names) {
		Assert.notNull(validity, "'validity' must not be null");
		Assert.isTrue(!validity.isNegative() && !validity.isZero(), "'validity' must be positive");
		Instant now = Instant.now();
		return issueServer(now.minus(CLOCK_SKEW), now.plus(validity), names);
	}

	/**
	 * Issue a server certificate valid between the given times, for example one that has
	 * already expired or is not valid yet.
	 * @param notBefore the start of the validity period
	 * @param notAfter the end of the validity period
	 * @param names the DNS names and IP addresses the server answers to
	 * @return the server certificate
	 * @see #issueServer(String...)
	 */
	public TestCertificate issueServer(Instant notBefore, Instant notAfter, String... names) {
		Assert.notNull(notBefore, "'notBefore' must not be null");
		Assert.notNull(notAfter, "'notAfter' must not be null");
		Assert.isTrue(notBefore.isBefore(notAfter), "'notBefore' must be before 'notAfter'");
		Assert.notEmpty(names, "'names' must not be empty");
		Assert.noNullElements(names, "'names' must not contain null elements");
		GeneralNames subjectAlternativeNames = new GeneralNames(serverNames(names));
		return issue(names[0], notBefore, notAfter, KeyPurposeId.id_kp_serverAuth, subjectAlternativeNames);
	}

	/**
	 * Issue a client certificate valid for one day, with the given common name and the
	 * SPIFFE ID {@code spiffe://hipaa-grpc.test/<commonName>} as a URI subject
	 * alternative name.
	 * @param commonName the client's common name
	 * @return the client certificate
	 */
	public TestCertificate issueClient(String commonName) {
		Instant now = Instant.now();
		return issueClient(commonName, now.minus(CLOCK_SKEW), now.plus(DEFAULT_VALIDITY));
	}

	/**
	 * Issue a client certificate valid between the given instants, which may lie in the
	 * past to test that expired certificates are refused, with the given common name and
	 * the SPIFFE ID {@code spiffe://hipaa-grpc.test/<commonName>} as a URI subject
	 * alternative name.
	 * @param commonName the client's common name
	 * @param notBefore the start of validity
	 * @param notAfter the end of validity
	 * @return the client certificate
	 */
	public TestCertificate issueClient(String commonName, Instant notBefore, Instant notAfter) {
		Assert.hasText(commonName, "'commonName' must not be empty");
		Assert.isTrue(notBefore.isBefore(notAfter), "'notBefore' must be before 'notAfter'");
		GeneralName spiffeId = new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId(commonName));
		return issue(commonName, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, new GeneralNames(spiffeId));
	}

	/**
	 * Issue a client certificate valid for one day, with the given common name and the
	 * given DNS names as subject alternative names, and no SPIFFE ID. Without DNS names
	 * the certificate has no subject alternative names at all, so that only its common
	 * name names the client.
	 * @param commonName the client's common name
	 * @param dnsNames the client's DNS names, in the order they are written
	 * @return the client certificate
	 */
	public TestCertificate issueClientWithDnsNames(String commonName, String... dnsNames) {
		Assert.hasText(commonName, "'commonName' must not be empty");
		Assert.noNullElements(dnsNames, "'dnsNames' must not contain null elements");
		GeneralName[] names = new GeneralName[dnsNames.length];
		for (int i = 0; i < dnsNames.length; i++) {
			names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
		}
		Instant now = Instant.now();
		return issue(commonName, now.minus(CLOCK_SKEW), now.plus(DEFAULT_VALIDITY), KeyPurposeId.id_kp_clientAuth,
				new GeneralNames(names));
	}

	private TestCertificate issue(String commonName, Instant notBefore, Instant notAfter, KeyPurposeId purpose,
			GeneralNames subjectAlternativeNames) {
		KeyPair keyPair = generateKeyPair();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.caCertificate, serialNumber(),
				Date.from(notBefore), Date.from(notAfter), commonName(commonName), keyPair.getPublic());
		try {
			addLeafExtensions(builder, keyPair.getPublic(), purpose, subjectAlternativeNames);
			X509Certificate certificate = sign(builder, this.caKeyPair.getPrivate());
			return new TestCertificate(certificate, keyPair.getPrivate(), this.caCertificate);
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Unable to issue a certificate for '%s'".formatted(commonName), ex);
		}
	}

	private void addLeafExtensions(X509v3CertificateBuilder builder, PublicKey publicKey, KeyPurposeId purpose,
			GeneralNames subjectAlternativeNames) throws GeneralSecurityException, CertIOException {
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
		if (subjectAlternativeNames.getNames().length > 0) {
			builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
		}
		builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				extensions.createAuthorityKeyIdentifier(this.caCertificate));
	}

	private static GeneralName[] serverNames(String[] names) {
		List<GeneralName> generalNames = new ArrayList<>();
		for (String name : names) {
			generalNames.add(serverName(name));
		}
		return generalNames.toArray(new GeneralName[0]);
	}

	private static GeneralName serverName(String name) {
		if (IP_ADDRESS.matcher(name).matches()) {
			return new GeneralName(GeneralName.iPAddress, name);
		}
		return new GeneralName(GeneralName.dNSName, name);
	}

	private static String spiffeId(String commonName) {
		try {
			return new URI("spiffe", TRUST_DOMAIN, "/" + commonName, null).toASCIIString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("'commonName' must be usable in a URI path", ex);
		}
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
			throws GeneralSecurityException {
		try {
			ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException ex) {
			throw new IllegalStateException("Unable to create a certificate signer", ex);
		}
	}

	private static X500Name commonName(String commonName) {
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
	}

	private static BigInteger serialNumber() {
		return new BigInteger(64, RANDOM).add(BigInteger.ONE);
	}

	private static KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to generate an EC key pair", ex);
		}
	}

	@Override
	public String toString() {
		return "TestPki[ca='%s']".formatted(this.caCertificate.getSubjectX500Principal());
	}

}
