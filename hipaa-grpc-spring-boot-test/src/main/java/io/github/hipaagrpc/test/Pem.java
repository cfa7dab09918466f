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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Encodes certificates and keys as PEM text and writes them to files.
 */
final class Pem {

	private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

	private Pem() {
	}

	/**
	 * Encode the given certificates as consecutive PEM blocks.
	 * @param certificates the certificates to encode
	 * @return the PEM text
	 */
	static String certificates(List<X509Certificate> certificates) {
		StringBuilder pem = new StringBuilder();
		certificates.forEach((certificate) -> pem.append(encode("CERTIFICATE", der(certificate))));
		return pem.toString();
	}

	/**
	 * Encode DER bytes as one PEM block of the given type.
	 * @param type the block type, for example {@code PRIVATE KEY}
	 * @param der the DER bytes
	 * @return the PEM text, ending with a line break
	 */
	static String encode(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

	/**
	 * Write PEM text to a file, creating its directory when needed.
	 * @param file the file to write
	 * @param pem the PEM text
	 * @return the file
	 */
	static Path write(Path file, String pem) {
		try {
			Path directory = file.toAbsolutePath().getParent();
			if (directory != null) {
				Files.createDirectories(directory);
			}
			return Files.writeString(file, pem, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to write '%s'".formatted(file), ex);
		}
	}

	private static byte[] der(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException("Unable to encode certificate", ex);
		}
	}

}
