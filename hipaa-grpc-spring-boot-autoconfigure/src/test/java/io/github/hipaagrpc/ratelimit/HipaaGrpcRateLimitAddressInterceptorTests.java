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

package io.github.hipaagrpc.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.inprocess.InProcessSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.util.matcher.InetAddressMatchers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcRateLimitAddressInterceptor}'s choice of the address that a
 * call counts against.
 */
class HipaaGrpcRateLimitAddressInterceptorTests {

	private final HipaaGrpcRateLimitAddressInterceptor interceptor = new HipaaGrpcRateLimitAddressInterceptor(
			new HipaaGrpcRateLimitLocalBackend(10, Duration.ofMinutes(1)), null, null,
			List.of(InetAddressMatchers.fromIpAddress("10.0.0.0/8"),
					InetAddressMatchers.fromIpAddress("2001:db8:1::/48")),
			HipaaGrpcRateLimitListener.NONE);

	@Test
	void clientAddressWhenPeerIsNotTrustedIgnoresForwardedFor() throws UnknownHostException {
		InetAddress client = this.interceptor.clientAddress(forwardedFor("198.51.100.9"), from("203.0.113.7"));
		assertThat(client).isEqualTo(address("203.0.113.7"));
	}

	@Test
	void clientAddressWhenTrustedPeerSendsNoForwardedForTakesThePeer() throws UnknownHostException {
		InetAddress client = this.interceptor.clientAddress(new Metadata(), from("10.0.0.1"));
		assertThat(client).isEqualTo(address("10.0.0.1"));
	}

	@Test
	void clientAddressWhenPeerIsTrustedTakesTheNearestUntrustedHop() throws UnknownHostException {
		Metadata headers = forwardedFor("198.51.100.9, 203.0.113.7, 10.0.0.2");
		InetAddress client = this.interceptor.clientAddress(headers, from("10.0.0.1"));
		assertThat(client).isEqualTo(address("203.0.113.7"));
	}

	@Test
	void clientAddressWhenForwardedForIsSentSeveralTimesReadsThemAsOneList() throws UnknownHostException {
		Metadata headers = forwardedFor("198.51.100.9, 203.0.113.7");
		headers.put(HipaaGrpcRateLimitAddressInterceptor.FORWARDED_FOR, "10.0.0.3,10.0.0.2");
		InetAddress client = this.interceptor.clientAddress(headers, from("10.0.0.1"));
		assertThat(client).isEqualTo(address("203.0.113.7"));
	}

	@Test
	void clientAddressWhenEveryHopIsTrustedTakesTheFarthestHop() throws UnknownHostException {
		Metadata headers = forwardedFor("10.0.0.4, 10.0.0.3, 10.0.0.2");
		InetAddress client = this.interceptor.clientAddress(headers, from("10.0.0.1"));
		assertThat(client).isEqualTo(address("10.0.0.4"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-address", "cafe", "1.2.3", "999.1.1.1", "01.2.3.4", "203.0.113.7:443", "",
			"[2001:db8::1", "fe80::1%eth0" })
	void clientAddressWhenHopIsUnparseableTakesTheNearestTrustedHop(String hop) throws UnknownHostException {
		Metadata headers = forwardedFor("198.51.100.9, " + hop + ", 10.0.0.2");
		InetAddress client = this.interceptor.clientAddress(headers, from("10.0.0.1"));
		assertThat(client).isEqualTo(address("10.0.0.2"));
	}

	@Test
	void clientAddressWhenNearestHopIsUnparseableTakesThePeer() throws UnknownHostException {
		Metadata headers = forwardedFor("198.51.100.9, unknown");
		InetAddress client = this.interceptor.clientAddress(headers, from("10.0.0.1"));
		assertThat(client).isEqualTo(address("10.0.0.1"));
	}

	@Test
	void clientAddressWhenPeerAndHopsAreIpv6TakesTheNearestUntrustedHop() throws UnknownHostException {
		Metadata headers = forwardedFor("2001:db8:2::9, [2001:db8:2::7], 2001:db8:1::2");
		InetAddress client = this.interceptor.clientAddress(headers, from("2001:db8:1::1"));
		assertThat(client).isEqualTo(address("2001:db8:2::7"));
	}

	@Test
	void clientAddressWhenIpv6PeerForwardsAnIpv4ClientTakesIt() throws UnknownHostException {
		Metadata headers = forwardedFor("203.0.113.7");
		InetAddress client = this.interceptor.clientAddress(headers, from("2001:db8:1::1"));
		assertThat(client).isEqualTo(address("203.0.113.7"));
	}

	@Test
	void clientAddressWhenIpv6PeerIsNotTrustedIgnoresForwardedFor() throws UnknownHostException {
		InetAddress client = this.interceptor.clientAddress(forwardedFor("203.0.113.7"), from("2001:db8:2::1"));
		assertThat(client).isEqualTo(address("2001:db8:2::1"));
	}

	@Test
	void clientAddressWhenCallIsInProcessIsNull() {
		Attributes attributes = Attributes.newBuilder()
			.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InProcessSocketAddress("test"))
			.build();
		assertThat(this.interceptor.clientAddress(forwardedFor("203.0.113.7"), attributes)).isNull();
	}

	private static Metadata forwardedFor(String value) {
		Metadata headers = new Metadata();
		headers.put(HipaaGrpcRateLimitAddressInterceptor.FORWARDED_FOR, value);
		return headers;
	}

	private static Attributes from(String peer) throws UnknownHostException {
		InetSocketAddress remote = new InetSocketAddress(address(peer), 50_000);
		return Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, remote).build();
	}

	private static InetAddress address(String literal) throws UnknownHostException {
		return InetAddress.getByName(literal);
	}

}
