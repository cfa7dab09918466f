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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.StringJoiner;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Generates key pairs and encodes keys and certificates the way Vault's PKI engine does:
 * PKCS#1 for RSA and SEC1 with the named curve for EC, or PKCS#8, as PEM or base64 DER.
 */
final class PkiKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder PEM_ENCODER = Base64.getMimeEncoder(64,
			"\n".getBytes(StandardCharsets.US_ASCII));

	private PkiKeys() {
	}

	/**
	 * Generate a key pair.
	 * @param keyType {@code ec} or {@code rsa}
	 * @param keyBits the curve size (256, 384 or 521) or the modulus size
	 * @return the key pair
	 */
	static KeyPair generate(String keyType, int keyBits) {
		try {
			if ("rsa".equals(keyType)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(keyBits, RANDOM);
				return generator.generateKeyPair();
			}
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp" + keyBits + "r1"), RANDOM);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to generate a '%s' key pair".formatted(keyType), ex);
		}
	}

	/**
	 * Encode a private key as Vault's {@code private_key_format=der} does: PKCS#1 for
	 * RSA, SEC1 with the named curve and the public key for EC.
	 * @param keyPair the key pair
	 * @return the DER bytes
	 */
	static byte[] traditional(KeyPair keyPair) {
		try {
			if (keyPair.getPrivate() instanceof ECPrivateKey ecKey) {
				return sec1(ecKey, keyPair.getPublic(), true).getEncoded(ASN1Encoding.DER);
			}
			PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
			return info.parsePrivateKey().toASN1Primitive().getEncoded(ASN1Encoding.DER);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to encode a private key", ex);
		}
	}

	/**
	 * Encode a private key as PKCS#8, as Go's {@code x509.MarshalPKCS8PrivateKey} does.
	 * @param keyPair the key pair
	 * @return the DER bytes
	 */
	static byte[] pkcs8(KeyPair keyPair) {
		try {
			if (keyPair.getPrivate() instanceof ECPrivateKey ecKey) {
				AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
						curve(keyPair.getPublic()));
				return new PrivateKeyInfo(algorithm, sec1(ecKey, keyPair.getPublic(), false))
					.getEncoded(ASN1Encoding.DER);
			}
			return keyPair.getPrivate().getEncoded();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to encode a private key", ex);
		}
	}

	private static org.bouncycastle.asn1.sec.ECPrivateKey sec1(ECPrivateKey privateKey, PublicKey publicKey,
			boolean withCurve) {
		SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
		DERBitString point = new DERBitString(info.getPublicKeyData().getBytes());
		int orderBits = privateKey.getParams().getOrder().bitLength();
		return new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, privateKey.getS(), point,
				(withCurve) ? curve(publicKey) : null);
	}

	private static ASN1ObjectIdentifier curve(PublicKey publicKey) {
		SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
		return ASN1ObjectIdentifier.getInstance(info.getAlgorithm().getParameters());
	}

	/**
	 * Return the PEM block type of a private key encoding.
	 * @param privateKey the private key
	 * @param pkcs8 whether the key is encoded as PKCS#8
	 * @return the block type
	 */
	static String pemType(PrivateKey privateKey, boolean pkcs8) {
		if (pkcs8) {
			return "PRIVATE KEY";
		}
		return (privateKey instanceof ECPrivateKey) ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
	}

	/**
	 * Encode DER bytes as one PEM block with no final line break, as Vault's JSON fields
	 * carry them.
	 * @param type the block type
	 * @param der the DER bytes
	 * @return the PEM text
	 */
	static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + PEM_ENCODER.encodeToString(der) + "\n-----END " + type + "-----";
	}

	static String pem(X509Certificate certificate) {
		return pem("CERTIFICATE", der(certificate));
	}

	static byte[] der(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Unable to encode a certificate", ex);
		}
	}

	static String base64(byte[] der) {
		return Base64.getEncoder().encodeToString(der);
	}

	/**
	 * Format a serial number as Vault does: lower-case hex bytes separated by colons.
	 * @param serialNumber the serial number
	 * @return the formatted serial number
	 */
	static String serialNumber(BigInteger serialNumber) {
		byte[] bytes = serialNumber.toByteArray();
		int start = (bytes.length > 1 && bytes[0] == 0) ? 1 : 0;
		StringJoiner joiner = new StringJoiner(":");
		for (byte b : Arrays.copyOfRange(bytes, start, bytes.length)) {
			joiner.add("%02x".formatted(b & 0xff));
		}
		return joiner.toString();
	}

	/**
	 * Create a random serial number of up to 159 bits, as Vault does.
	 * @return the serial number
	 */
	static BigInteger randomSerialNumber() {
		return new BigInteger(159, RANDOM).add(BigInteger.ONE);
	}

}
