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

import java.time.Duration;
import java.util.List;

import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificate;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Certificate source of the dev profile: a new short-lived server certificate from the
 * development CA on every call, which the starter renews before it expires just as it
 * renews Vault-issued ones.
 *
 * @since 0.1.0
 */
public class DevPkiCertificateSource implements HipaaGrpcTlsCertificateSource {

	private static final Log logger = LogFactory.getLog(DevPkiCertificateSource.class);

	private final DevPki pki;

	private final Duration lifetime;

	/**
	 * Create a new source.
	 * @param pki the development CA
	 * @param lifetime how long each certificate is valid
	 */
	public DevPkiCertificateSource(DevPki pki, Duration lifetime) {
		Assert.notNull(pki, "'pki' must not be null");
		Assert.isTrue(lifetime != null && !lifetime.isNegative() && !lifetime.isZero(), "'lifetime' must be positive");
		this.pki = pki;
		this.lifetime = lifetime;
	}

	/**
	 * Issue a new server certificate. The development CA is also the authority trusted
	 * for client certificates, should client authentication be switched on.
	 * @return the certificate with its private key and the development CA
	 */
	@Override
	public HipaaGrpcTlsCertificate obtain() {
		TestCertificate certificate = this.pki.issueServerCertificate(this.lifetime);
		logger.debug(LogMessage.format("Issued development server certificate '%s'",
				certificate.certificate().getSerialNumber().toString(16)));
		return new HipaaGrpcTlsCertificate(certificate.privateKey(), certificate.chain(),
				List.of(this.pki.caCertificate()));
	}

	@Override
	public String toString() {
		return "the development CA (certificates valid for '%s')".formatted(this.lifetime);
	}

}
