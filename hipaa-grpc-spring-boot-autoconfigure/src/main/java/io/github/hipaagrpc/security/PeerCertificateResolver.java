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

package io.github.hipaagrpc.security;

import io.grpc.Attributes;
import io.grpc.Metadata;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;

/**
 * Finds the certificate identity of the service that made a call: in the call's own TLS
 * session, or in what a trusted proxy that terminated TLS in front of the server passed
 * on.
 *
 * @since 0.1.0
 * @see TlsSessionPeerCertificateResolver
 * @see ForwardedPeerCertificateResolver
 */
@FunctionalInterface
public interface PeerCertificateResolver {

	/**
	 * Return the unauthenticated authentication of the service that made a call.
	 * @param headers the call's metadata
	 * @param attributes the call's transport attributes
	 * @return the authentication, or {@code null} if the call names no service
	 * @throws AuthenticationException if the call names a service in a form that cannot
	 * be read with certainty
	 */
	@Nullable PeerCertificateAuthenticationToken resolve(Metadata headers, Attributes attributes);

}
