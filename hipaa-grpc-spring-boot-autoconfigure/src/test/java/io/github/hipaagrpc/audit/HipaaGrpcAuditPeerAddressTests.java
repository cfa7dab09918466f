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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcAuditPeerAddress}.
 */
class HipaaGrpcAuditPeerAddressTests {

	private final HipaaGrpcAuditChain chain = new HipaaGrpcAuditChain(
			"audit-chain-key-for-tests-only-0123456789".getBytes(StandardCharsets.UTF_8));

	private final HipaaGrpcAuditChain otherChain = new HipaaGrpcAuditChain(
			"another-audit-chain-key-for-tests-0123456789".getBytes(StandardCharsets.UTF_8));

	@Test
	void formatWhenFullKeepsTheWholeAddress() throws UnknownHostException {
		assertThat(HipaaGrpcAuditPeerAddress.FULL.format(peer("192.168.17.42"), this.chain)).isEqualTo("192.168.17.42");
		assertThat(HipaaGrpcAuditPeerAddress.FULL.format(peer("2001:db8:85a3:8d3:1319:8a2e:370:7348"), this.chain))
			.isEqualTo("2001:db8:85a3:8d3:1319:8a2e:370:7348");
	}

	@Test
	void formatWhenTruncatedKeepsTheIpv4Slash24Network() throws UnknownHostException {
		assertThat(HipaaGrpcAuditPeerAddress.TRUNCATED.format(peer("192.168.17.42"), this.chain))
			.isEqualTo("192.168.17.0/24");
		assertThat(HipaaGrpcAuditPeerAddress.TRUNCATED.format(peer("10.255.0.255"), this.chain))
			.isEqualTo("10.255.0.0/24");
	}

	@Test
	void formatWhenTruncatedKeepsTheIpv6Slash48Network() throws UnknownHostException {
		assertThat(HipaaGrpcAuditPeerAddress.TRUNCATED.format(peer("2001:db8:85a3:8d3:1319:8a2e:370:7348"), this.chain))
			.isEqualTo("2001:db8:85a3::/48");
		assertThat(HipaaGrpcAuditPeerAddress.TRUNCATED.format(peer("fd00:ab:ffff:1::1"), this.chain))
			.isEqualTo("fd00:ab:ffff::/48");
	}

	@Test
	void formatWhenHashedIsStableForOneKeyAndRevealsNoAddress() throws UnknownHostException {
		String hashed = HipaaGrpcAuditPeerAddress.HASHED.format(peer("192.168.17.42"), this.chain);
		assertThat(hashed).matches("[0-9a-f]{32}")
			.isEqualTo(HipaaGrpcAuditPeerAddress.HASHED.format(peer("192.168.17.42"), this.chain))
			.isNotEqualTo(HipaaGrpcAuditPeerAddress.HASHED.format(peer("192.168.17.43"), this.chain))
			.doesNotContain("192.168");
	}

	@Test
	void formatWhenHashedDiffersBetweenKeys() throws UnknownHostException {
		assertThat(HipaaGrpcAuditPeerAddress.HASHED.format(peer("192.168.17.42"), this.chain))
			.isNotEqualTo(HipaaGrpcAuditPeerAddress.HASHED.format(peer("192.168.17.42"), this.otherChain));
	}

	@Test
	void formatWhenPeerHasNoIpAddressReturnsNull() {
		SocketAddress inProcess = new SocketAddress() {
		};
		for (HipaaGrpcAuditPeerAddress format : HipaaGrpcAuditPeerAddress.values()) {
			assertThat(format.format(inProcess, this.chain)).as(format.name()).isNull();
			assertThat(format.format(InetSocketAddress.createUnresolved("clinic.example", 443), this.chain))
				.as(format.name())
				.isNull();
		}
	}

	private static SocketAddress peer(String address) throws UnknownHostException {
		return new InetSocketAddress(InetAddress.getByName(address), 50051);
	}

}
