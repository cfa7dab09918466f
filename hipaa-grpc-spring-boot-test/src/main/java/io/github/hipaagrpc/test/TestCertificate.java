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

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.springframework.util.Assert;

/**
 * A certificate issued by a {@link TestPki}, with its private key and the chain up to the
 * test CA.
 *
 * @since 0.1.0
 */
public final class TestCertificate {

	private static final String CERTIFICATE_EXTENSION = ".crt";

	private static final String PRIVATE_KEY_EXTENSION = ".key";

	private final X509Certificate certificate;

	private final PrivateKey privateKey;

	private final List<X509Certificate> chain;

	TestCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {
		this.certificate = certificate;
		this.privateKey = privateKey;
		this.chain = List.of(certificate, issuer);
	}

	/**
	 * Return the issued (leaf) certificate.
	 * @return the certificate
	 */
	public X509Certificate certificate() {
		return this.certificate;
	}

	/**
	 * Return the private key that belongs to the certificate.
	 * @return the private key
	 */
	public PrivateKey privateKey() {
		return this.privateKey;
	}

	/**
	 * Return the certificate chain: the leaf, then the CA.
	 * @return the certificate chain
	 */
	public List<X509Certificate> chain() {
		return this.chain;
	}

	/**
	 * Return the certificate chain as PEM text: the leaf, then the CA.
	 * @return the PEM-encoded chain
	 */
	public String certificatePem() {
		return Pem.certificates(this.chain);
	}

	/**
	 * Return the private key as unencrypted PKCS#8 PEM text
	 * ({@code -----BEGIN PRIVATE KEY-----}).
	 * @return the PEM-encoded private key
	 */
	public String privateKeyPem() {
		return Pem.encode("PRIVATE KEY", this.privateKey.getEncoded());
	}

	/**
	 * Write the certificate chain to {@code <baseName>.crt} and the private key to
	 * {@code <baseName>.key}, creating the directory when needed.
	 * @param directory the directory to write to
	 * @param baseName the file name without its extension
	 * @return the directory
	 */
	public Path writePem(Path directory, String baseName) {
		certificateFile(directory, baseName);
		privateKeyFile(directory, baseName);
		return directory;
	}

	/**
	 * Write the certificate chain to {@code <baseName>.crt}, creating the directory when
	 * needed.
	 * @param directory the directory to write to
	 * @param baseName the file name without its extension
	 * @return the certificate file
	 */
	public Path certificateFile(Path directory, String baseName) {
		return Pem.write(resolve(directory, baseName, CERTIFICATE_EXTENSION), certificatePem());
	}

	/**
	 * Write the private key to {@code <baseName>.key}, creating the directory when
	 * needed.
	 * @param directory the directory to write to
	 * @param baseName the file name without its extension
	 * @return the private key file
	 */
	public Path privateKeyFile(Path directory, String baseName) {
		return Pem.write(resolve(directory, baseName, PRIVATE_KEY_EXTENSION), privateKeyPem());
	}

	private static Path resolve(Path directory, String baseName, String extension) {
		Assert.notNull(directory, "'directory' must not be null");
		Assert.hasText(baseName, "'baseName' must not be empty");
		return directory.resolve(baseName + extension);
	}

	@Override
	public String toString() {
		return "TestCertificate[subject='%s', serial=%s]".formatted(this.certificate.getSubjectX500Principal(),
				this.certificate.getSerialNumber().toString(16));
	}

}
