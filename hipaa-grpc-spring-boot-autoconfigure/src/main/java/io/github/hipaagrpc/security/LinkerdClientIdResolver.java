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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.grpc.Attributes;
import io.grpc.Metadata;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.util.matcher.InetAddressMatcher;

/**
 * Reads the calling service's identity from the {@code l5d-client-id} header that
 * Linkerd's proxy sets after verifying the caller's mutual TLS identity. Linkerd names a
 * workload as a DNS name, which its certificates carry as their DNS subject alternative
 * name, so the identity counts as one read from that source. The header counts only on a
 * connection from a trusted proxy; from anywhere else it is ignored. A header from a
 * trusted proxy that is repeated or is not a DNS name fails the call. The header's value
 * never reaches the log.
 *
 * @since 0.1.0
 */
public class LinkerdClientIdResolver implements PeerCertificateResolver {

	/**
	 * Name of the header that carries the verified identity of the calling workload.
	 */
	public static final String HEADER_NAME = "l5d-client-id";

	private static final Log logger = LogFactory.getLog(LinkerdClientIdResolver.class);

	private static final Metadata.Key<String> HEADER = Metadata.Key.of(HEADER_NAME, Metadata.ASCII_STRING_MARSHALLER);

	private static final Pattern DNS_NAME = Pattern
		.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	private static final int MAX_LENGTH = 253;

	private final TrustedProxies trustedProxies;

	/**
	 * Create a resolver that trusts the header from the given addresses.
	 * @param trustedProxies the addresses of the proxies whose header counts
	 */
	public LinkerdClientIdResolver(List<InetAddressMatcher> trustedProxies) {
		this.trustedProxies = new TrustedProxies(trustedProxies);
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
		String name = identity(values, remoteAddress);
		return new PeerCertificateAuthenticationToken(
				new PeerCertificateIdentity(name, PeerCertificateIdentity.Source.DNS_SAN));
	}

	private String identity(Iterable<String> values, InetAddress remoteAddress) {
		List<String> names = new ArrayList<>();
		values.forEach(names::add);
		if (names.size() != 1) {
			throw refused(remoteAddress, "it is repeated");
		}
		String name = names.get(0).strip().toLowerCase(Locale.ROOT);
		if (name.length() > MAX_LENGTH || !DNS_NAME.matcher(name).matches()) {
			throw refused(remoteAddress, "it is not a DNS name");
		}
		return name;
	}

	private static BadCredentialsException refused(InetAddress remoteAddress, String reason) {
		logger.debug(LogMessage.format("Refused a call from trusted proxy '%s': its '%s' header is malformed (%s)",
				remoteAddress.getHostAddress(), HEADER_NAME, reason));
		return new BadCredentialsException("Malformed forwarded client identity");
	}

}
