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
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the gRPC listener's certificate comes from: a certificate authority that issues a
 * new one on every call, such as Vault PKI, or a store that hands over what it holds.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HipaaGrpcTlsCertificateSource {

	/**
	 * Obtain a certificate with its private key, newly issued when the source issues
	 * certificates.
	 * @return the certificate
	 * @throws RuntimeException if no certificate can be obtained now
	 */
	HipaaGrpcTlsCertificate obtain();

	/**
	 * Return the certificate authorities the source issues from now, read without issuing
	 * a certificate, so that client certificates from a new authority are trusted before
	 * the next renewal.
	 * @return the current trust anchors, or {@code null} if the source cannot tell
	 * @throws RuntimeException if the source cannot be read now
	 */
	default @Nullable List<X509Certificate> currentTrustAnchors() {
		return null;
	}

}
