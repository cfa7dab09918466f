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

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.springframework.util.Assert;

/**
 * Private key and certificate chain for the gRPC listener, as a certificate source hands
 * them over, with the certificate authorities trusted for client certificates.
 *
 * @param privateKey the private key of the first certificate of the chain
 * @param certificateChain the certificate first, then its issuers
 * @param trustAnchors the certificate authorities trusted for client certificates,
 * possibly none
 * @since 0.1.0
 */
public record HipaaGrpcTlsCertificate(PrivateKey privateKey, List<X509Certificate> certificateChain,
		List<X509Certificate> trustAnchors) {

	/**
	 * Create a certificate, copying the lists.
	 * @param privateKey the private key of the first certificate of the chain
	 * @param certificateChain the certificate first, then its issuers
	 * @param trustAnchors the certificate authorities trusted for client certificates
	 */
	public HipaaGrpcTlsCertificate {
		Assert.notNull(privateKey, "'privateKey' must not be null");
		Assert.notEmpty(certificateChain, "'certificateChain' must not be empty");
		Assert.notNull(trustAnchors, "'trustAnchors' must not be null");
		certificateChain = List.copyOf(certificateChain);
		trustAnchors = List.copyOf(trustAnchors);
	}

	/**
	 * Return the certificate itself, the first of the chain.
	 * @return the leaf certificate
	 */
	public X509Certificate certificate() {
		return this.certificateChain.get(0);
	}

	/**
	 * Return the serial number in lower-case hexadecimal.
	 * @return the serial number
	 */
	public String serialNumber() {
		return certificate().getSerialNumber().toString(16);
	}

	/**
	 * Return the instant from which the certificate is valid.
	 * @return the start of validity
	 */
	public Instant notBefore() {
		return certificate().getNotBefore().toInstant();
	}

	/**
	 * Return the instant after which the certificate is no longer valid.
	 * @return the end of validity
	 */
	public Instant notAfter() {
		return certificate().getNotAfter().toInstant();
	}

	@Override
	public String toString() {
		return "certificate serial '%s' not after '%s'".formatted(serialNumber(), notAfter());
	}

}
