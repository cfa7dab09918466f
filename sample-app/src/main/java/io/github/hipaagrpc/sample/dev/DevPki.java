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
import java.time.Duration;
import java.time.Instant;

import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;

import org.springframework.util.Assert;

/**
 * Throwaway certificate authority for the dev profile, which issues server certificates
 * for the loopback names. Its key lives in memory only; the CA certificate is written out
 * so that other clients can trust it. The CA itself is valid for one day, and no
 * certificate it issues outlives it.
 *
 * @since 0.1.0
 */
public final class DevPki {

	private static final String[] SERVER_NAMES = { "localhost", "127.0.0.1" };

	/**
	 * How far back a certificate's validity starts. Little, because the starter counts
	 * the renewal point from the start of validity: a long backdating would bring
	 * short-lived certificates to their renewal point the moment they are issued.
	 */
	private static final Duration BACKDATE = Duration.ofSeconds(5);

	private final TestPki pki;

	private final Path caFile;

	private DevPki(TestPki pki, Path caFile) {
		this.pki = pki;
		this.caFile = caFile;
	}

	/**
	 * Create a new development CA and write its certificate to {@code ca.pem} in the
	 * given directory.
	 * @param directory where to write the CA certificate
	 * @return the development PKI
	 */
	public static DevPki create(Path directory) {
		Assert.notNull(directory, "'directory' must not be null");
		TestPki pki = TestPki.create();
		return new DevPki(pki, pki.writeCaPem(directory).toAbsolutePath());
	}

	/**
	 * Issue a new server certificate for {@code localhost} and {@code 127.0.0.1}, with a
	 * new key, valid from a few seconds ago for the given lifetime, or until the CA
	 * expires if that comes first.
	 * @param lifetime how long the certificate is valid from now
	 * @return the certificate with its private key
	 * @throws IllegalStateException if the CA has expired
	 */
	public TestCertificate issueServerCertificate(Duration lifetime) {
		Assert.isTrue(lifetime != null && !lifetime.isNegative() && !lifetime.isZero(), "'lifetime' must be positive");
		Instant now = Instant.now();
		Instant caNotAfter = caCertificate().getNotAfter().toInstant();
		Assert.state(now.isBefore(caNotAfter),
				() -> "Development CA expired at '%s'; restart the application".formatted(caNotAfter));
		Instant notAfter = now.plus(lifetime);
		return this.pki.issueServer(now.minus(BACKDATE), (notAfter.isBefore(caNotAfter)) ? notAfter : caNotAfter,
				SERVER_NAMES);
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

}
