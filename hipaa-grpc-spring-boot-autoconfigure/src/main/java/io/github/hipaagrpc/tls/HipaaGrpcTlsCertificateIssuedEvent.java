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

import java.security.cert.X509Certificate;
import java.time.Instant;

import org.springframework.context.ApplicationEvent;
import org.springframework.util.Assert;

/**
 * Published when a certificate obtained from the listener's certificate source goes into
 * service: once for the first certificate, when the rotation starts, and once for each
 * renewed certificate, just before its {@link HipaaGrpcTlsCertificateRotatedEvent}.
 * Carries only public facts of the certificate, never its key.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsCertificateIssuedEvent extends ApplicationEvent {

	private final String serialNumber;

	private final String subject;

	private final String issuer;

	private final Instant notBefore;

	private final Instant notAfter;

	private final String certificateSource;

	/**
	 * Create an event.
	 * @param source the rotation that put the certificate in service
	 * @param certificate the certificate
	 * @param certificateSource a description of where the certificate came from, such as
	 * the PKI path and role
	 */
	public HipaaGrpcTlsCertificateIssuedEvent(Object source, X509Certificate certificate, String certificateSource) {
		super(source);
		Assert.notNull(certificate, "'certificate' must not be null");
		Assert.notNull(certificateSource, "'certificateSource' must not be null");
		this.serialNumber = certificate.getSerialNumber().toString(16);
		this.subject = certificate.getSubjectX500Principal().getName();
		this.issuer = certificate.getIssuerX500Principal().getName();
		this.notBefore = certificate.getNotBefore().toInstant();
		this.notAfter = certificate.getNotAfter().toInstant();
		this.certificateSource = certificateSource;
	}

	/**
	 * Return the certificate's serial number in hexadecimal.
	 * @return the serial number
	 */
	public String getSerialNumber() {
		return this.serialNumber;
	}

	/**
	 * Return the certificate's subject, as an RFC 2253 name.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Return the certificate's issuer, as an RFC 2253 name.
	 * @return the issuer
	 */
	public String getIssuer() {
		return this.issuer;
	}

	public Instant getNotBefore() {
		return this.notBefore;
	}

	public Instant getNotAfter() {
		return this.notAfter;
	}

	/**
	 * Return where the certificate came from, as the certificate source describes itself.
	 * @return the description of the certificate source
	 */
	public String getCertificateSource() {
		return this.certificateSource;
	}

}
