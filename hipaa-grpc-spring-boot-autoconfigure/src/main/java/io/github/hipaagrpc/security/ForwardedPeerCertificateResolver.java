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

import java.net.InetAddress;
import java.util.List;

import io.grpc.Attributes;
import io.grpc.Metadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.util.Assert;

/**
 * Reads the calling service's identity from the {@code x-forwarded-client-cert} header
 * that a proxy in front of the server sets after verifying the client certificate, such
 * as the sidecar of a service mesh. The header counts only on a connection from a trusted
 * proxy; from anywhere else it is ignored. Of the elements that the proxies on the way
 * appended, the last one, from the nearest proxy, names the caller. A header from a
 * trusted proxy that cannot be read with certainty fails the call. The header's value
 * never reaches the log.
 *
 * @since 0.1.0
 */
public class ForwardedPeerCertificateResolver implements PeerCertificateResolver {

	/**
	 * Name of the header that carries the client certificate's details.
	 */
	public static final String HEADER_NAME = "x-forwarded-client-cert";

	private static final Log logger = LogFactory.getLog(ForwardedPeerCertificateResolver.class);

	private static final Metadata.Key<String> HEADER = Metadata.Key.of(HEADER_NAME, Metadata.ASCII_STRING_MARSHALLER);

	private final TrustedProxies trustedProxies;

	private final List<PeerCertificateIdentity.Source> sources;

	/**
	 * Create a resolver that trusts the header from the given addresses and reads
	 * identities from the given parts of a certificate.
	 * @param trustedProxies the addresses of the proxies whose header counts
	 * @param sources where to look, in order
	 */
	public ForwardedPeerCertificateResolver(List<InetAddressMatcher> trustedProxies,
			List<PeerCertificateIdentity.Source> sources) {
		Assert.notNull(trustedProxies, "'trustedProxies' must not be null");
		Assert.notEmpty(sources, "'sources' must not be empty");
		this.trustedProxies = new TrustedProxies(trustedProxies);
		this.sources = List.copyOf(sources);
	}

	@Override
	public @Nullable PeerCertificateAuthenticationToken resolve(Metadata headers, Attributes attributes) {
		Iterable<String> values = headers.getAll(HEADER);
		if (values == null) {
			return null;
		}
		InetAddress remoteAddress = this.trustedProxies.trustedAddress(attributes, HEADER_NAME, logger);
		if (remoteAddress == null) {
			return null;
		}
		PeerCertificateIdentity identity = identity(String.join(",", values), remoteAddress);
		return (identity != null) ? new PeerCertificateAuthenticationToken(identity) : null;
	}

	private @Nullable PeerCertificateIdentity identity(String header, InetAddress remoteAddress) {
		try {
			return ForwardedClientCertificate.parseNearest(header).identity(this.sources);
		}
		catch (IllegalArgumentException ex) {
			logger.debug(LogMessage.format("Refused a call from trusted proxy '%s': its '%s' header is malformed (%s)",
					remoteAddress.getHostAddress(), HEADER_NAME, ex.getMessage()));
			throw new BadCredentialsException("Malformed forwarded client certificate");
		}
	}

}
