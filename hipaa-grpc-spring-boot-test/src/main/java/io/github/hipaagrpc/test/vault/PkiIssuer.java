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
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed root issuer of the PKI engine, with its id, name and key.
 */
final class PkiIssuer {

	private static final Duration CA_VALIDITY = Duration.ofDays(3650);

	private static final Duration BACKDATE = Duration.ofSeconds(30);

	private static final Duration CRL_VALIDITY = Duration.ofDays(3);

	private final String id;

	private final String name;

	private final KeyPair keyPair;

	private final X509Certificate certificate;

	private PkiIssuer(String id, String name, KeyPair keyPair, X509Certificate certificate) {
		this.id = id;
		this.name = name;
		this.keyPair = keyPair;
		this.certificate = certificate;
	}

	/**
	 * Generate a root issuer valid for ten years.
	 * @param name the issuer name, also used in the common name
	 * @param keyType {@code ec} or {@code rsa}
	 * @param now the current time
	 * @return the issuer
	 */
	static PkiIssuer generate(String name, String keyType, Instant now) {
		KeyPair keyPair = PkiKeys.generate(keyType, ("rsa".equals(keyType)) ? 2048 : 256);
		X500Name subject = commonName("Local Vault Root CA " + name);
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, PkiKeys.randomSerialNumber(),
				Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, keyPair.getPublic());
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
			X509Certificate certificate = sign(builder, keyPair);
			return new PkiIssuer(UUID.randomUUID().toString(), name, keyPair, certificate);
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Unable to generate the root issuer '%s'".formatted(name), ex);
		}
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Return the chain of this issuer, which for a root is the root alone.
	 * @return the chain
	 */
	List<X509Certificate> chain() {
		return List.of(this.certificate);
	}

	/**
	 * Issue a leaf certificate with Vault's default key usages (digital signature, key
	 * agreement and key encipherment; server and client authentication).
	 * @param commonName the common name
	 * @param subjectAlternativeNames the subject alternative names, possibly none
	 * @param publicKey the subject's public key
	 * @param notBefore the start of validity
	 * @param notAfter the end of validity
	 * @return the certificate
	 */
	X509Certificate issue(String commonName, GeneralNames subjectAlternativeNames, PublicKey publicKey,
			Instant notBefore, Instant notAfter) {
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.certificate,
				PkiKeys.randomSerialNumber(), Date.from(notBefore), Date.from(notAfter), commonName(commonName),
				publicKey);
		try {
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.keyUsage, true,
					new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement | KeyUsage.keyEncipherment));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
					new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(publicKey));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(this.certificate));
			if (subjectAlternativeNames.getNames().length > 0) {
				builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames);
			}
			return sign(builder, this.keyPair);
		}
		catch (GeneralSecurityException | CertIOException ex) {
			throw new IllegalStateException("Unable to issue a certificate for '%s'".formatted(commonName), ex);
		}
	}

	/**
	 * Build a CRL signed by this issuer.
	 * @param revoked the revoked serial numbers with their revocation times
	 * @param now the current time
	 * @param number the CRL number
	 * @return the CRL
	 */
	X509CRL crl(Map<BigInteger, Instant> revoked, Instant now, long number) {
		X500Name issuer = X500Name.getInstance(this.certificate.getSubjectX500Principal().getEncoded());
		X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer, Date.from(now));
		builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
		revoked.forEach((serial, time) -> builder.addCRLEntry(serial, Date.from(time), CRLReason.unspecified));
		try {
			builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(this.certificate));
			ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(this.keyPair))
				.build(this.keyPair.getPrivate());
			return new JcaX509CRLConverter().getCRL(builder.build(signer));
		}
		catch (GeneralSecurityException | CertIOException | OperatorCreationException ex) {
			throw new IllegalStateException("Unable to build the CRL of issuer '%s'".formatted(this.name), ex);
		}
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signingKey)
			throws GeneralSecurityException {
		try {
			ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey))
				.build(signingKey.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException ex) {
			throw new IllegalStateException("Unable to create a certificate signer", ex);
		}
	}

	private static String signatureAlgorithm(KeyPair keyPair) {
		return ("RSA".equals(keyPair.getPrivate().getAlgorithm())) ? "SHA256withRSA" : "SHA256withECDSA";
	}

	private static X500Name commonName(String commonName) {
		return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
	}

	@Override
	public String toString() {
		return "PkiIssuer[id='%s', name='%s']".formatted(this.id, this.name);
	}

}
