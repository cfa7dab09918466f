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

package io.github.hipaagrpc.audit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * How a peer's address is written in audit records.
 *
 * @since 0.1.0
 */
public enum HipaaGrpcAuditPeerAddress {

	/**
	 * The whole IP address.
	 */
	FULL {

		@Override
		String format(InetAddress address, HipaaGrpcAuditChain chain) {
			return address.getHostAddress();
		}

	},

	/**
	 * The network only: an IPv4 address cut to its /24 network, an IPv6 address to its
	 * /48 network.
	 */
	TRUNCATED {

		@Override
		String format(InetAddress address, HipaaGrpcAuditChain chain) {
			byte[] bytes = address.getAddress();
			if (address instanceof Inet4Address) {
				return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
			}
			return String.format("%x:%x:%x::/48", word(bytes, 0), word(bytes, 2), word(bytes, 4));
		}

		private int word(byte[] bytes, int index) {
			return ((bytes[index] & 0xff) << 8) | (bytes[index + 1] & 0xff);
		}

	},

	/**
	 * A keyed hash of the address: the same address always gives the same value, which
	 * reveals nothing without the chain key.
	 */
	HASHED {

		@Override
		String format(InetAddress address, HipaaGrpcAuditChain chain) {
			return chain.pseudonym("peer-address", address.getHostAddress());
		}

	};

	/**
	 * Format a peer's socket address, or return {@code null} when it has no IP address.
	 * @param peer the peer's socket address
	 * @param chain the chain whose key hashes addresses
	 * @return the formatted address or {@code null}
	 */
	@Nullable String format(SocketAddress peer, HipaaGrpcAuditChain chain) {
		if (peer instanceof InetSocketAddress socket && socket.getAddress() != null) {
			return format(socket.getAddress(), chain);
		}
		return null;
	}

	abstract String format(InetAddress address, HipaaGrpcAuditChain chain);

}
