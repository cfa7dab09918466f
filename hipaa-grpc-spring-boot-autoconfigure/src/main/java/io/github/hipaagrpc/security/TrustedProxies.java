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
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.grpc.Attributes;
import io.grpc.Grpc;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.util.Assert;

/**
 * Addresses of the proxies whose identity headers count, checked against a call's
 * connection.
 */
final class TrustedProxies {

	private final List<InetAddressMatcher> matchers;

	TrustedProxies(List<InetAddressMatcher> matchers) {
		Assert.notNull(matchers, "'trustedProxies' must not be null");
		this.matchers = List.copyOf(matchers);
	}

	/**
	 * Return the address of the call's connection if it comes from a trusted proxy, and
	 * say at debug level that the header was ignored otherwise.
	 * @param attributes the call's transport attributes
	 * @param headerName the name of the header, never its value
	 * @param logger the log of the resolver that reads the header
	 * @return the trusted proxy's address, or {@code null} when the header must be
	 * ignored
	 */
	@Nullable InetAddress trustedAddress(Attributes attributes, String headerName, Log logger) {
		InetAddress remoteAddress = remoteAddress(attributes);
		if (remoteAddress == null || !isTrusted(remoteAddress)) {
			logger.debug(LogMessage.format("Ignored the '%s' header of a call from '%s', which is not a trusted proxy",
					headerName, (remoteAddress != null) ? remoteAddress.getHostAddress() : "an unknown address"));
			return null;
		}
		return remoteAddress;
	}

	private boolean isTrusted(InetAddress address) {
		return this.matchers.stream().anyMatch((proxy) -> proxy.matches(address));
	}

	private static @Nullable InetAddress remoteAddress(Attributes attributes) {
		SocketAddress address = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
		return (address instanceof InetSocketAddress socketAddress) ? socketAddress.getAddress() : null;
	}

}
