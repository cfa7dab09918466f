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

package io.github.hipaagrpc.sample.dev;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Throwaway certificate authority for the dev profile, with a server certificate for the
 * loopback names. Its key material lives in memory only; the CA certificate is written
 * out so that other clients can trust it.
 *
 * @since 0.1.0
 */
public final class DevPki {

	private static final Log logger = LogFactory.getLog(DevPki.class);

	private final TestPki pki;

	private final TestCertificate serverCertificate;

	private final Path caFile;

	private DevPki(TestPki pki, TestCertificate serverCertificate, Path caFile) {
		this.pki = pki;
		this.serverCertificate = serverCertificate;
		this.caFile = caFile;
	}

	/**
	 * Create a new development CA, issue a server certificate for {@code localhost} and
	 * {@code 127.0.0.1}, and write the CA certificate to {@code ca.pem} in the given
	 * directory.
	 * @param directory where to write the CA certificate
	 * @return the development PKI
	 */
	public static DevPki create(Path directory) {
		Assert.notNull(directory, "'directory' must not be null");
		TestPki pki = TestPki.create();
		TestCertificate serverCertificate = pki.issueServer("localhost", "127.0.0.1");
		Path caFile = pki.writeCaPem(directory).toAbsolutePath();
		X509Certificate certificate = serverCertificate.certificate();
		logger.info(LogMessage.format("Issued development server certificate '%s' valid until %s",
				certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant()));
		return new DevPki(pki, serverCertificate, caFile);
	}

	/**
	 * Return the CA certificate that clients must trust.
	 * @return the CA certificate
	 */
	public X509Certificate caCertificate() {
		return this.pki.caCertificate();
	}

	/**
	 * Return the absolute path of the PEM file holding the CA certificate.
	 * @return the CA certificate file
	 */
	public Path caFile() {
		return this.caFile;
	}

	/**
	 * Return an SSL bundle with the server certificate chain and its private key.
	 * @return the server bundle
	 */
	public SslBundle serverBundle() {
		PemSslStore keyStore = PemSslStore.of(this.serverCertificate.chain(), this.serverCertificate.privateKey());
		return SslBundle.of(new PemSslStoreBundle(keyStore, null));
	}

}
