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

import java.net.InetSocketAddress;
import java.util.List;

import io.github.hipaagrpc.security.PeerCertificateIdentity.Source;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.util.matcher.InetAddressMatchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ForwardedPeerCertificateResolver}.
 */
class ForwardedPeerCertificateResolverTests {

	private static final Metadata.Key<String> HEADER = Metadata.Key.of("x-forwarded-client-cert",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final String BILLING = "URI=spiffe://hipaa-grpc.test/billing";

	private final ForwardedPeerCertificateResolver resolver = new ForwardedPeerCertificateResolver(
			List.of(InetAddressMatchers.fromIpAddress("127.0.0.2/32"),
					InetAddressMatchers.fromIpAddress("127.0.8.0/29"), InetAddressMatchers.fromIpAddress("::1/128")),
			List.of(Source.URI_SAN, Source.DNS_SAN, Source.COMMON_NAME));

	@Test
	void resolveWhenFromTrustedProxyReadsTheIdentity() {
		PeerCertificateAuthenticationToken token = this.resolver.resolve(headers(BILLING), from("127.0.0.2"));
		assertThat(token).isNotNull()
			.returns(new PeerCertificateIdentity("spiffe://hipaa-grpc.test/billing", Source.URI_SAN),
					PeerCertificateAuthenticationToken::getPrincipal)
			.returns(null, PeerCertificateAuthenticationToken::getCredentials)
			.returns(false, PeerCertificateAuthenticationToken::isAuthenticated);
	}

	@Test
	void resolveWhenFromAddressInTrustedRangeReadsTheIdentity() {
		assertThat(this.resolver.resolve(headers(BILLING), from("127.0.8.6"))).isNotNull();
		assertThat(this.resolver.resolve(headers(BILLING), from("::1"))).isNotNull();
	}

	@Test
	void resolveWhenFromUntrustedAddressIgnoresTheHeader() {
		assertThat(this.resolver.resolve(headers(BILLING), from("127.0.0.1"))).isNull();
		assertThat(this.resolver.resolve(headers(BILLING), from("127.0.8.8"))).isNull();
		assertThat(this.resolver.resolve(headers(BILLING), from("10.0.0.2"))).isNull();
	}

	@Test
	void resolveWhenRemoteAddressUnknownIgnoresTheHeader() {
		assertThat(this.resolver.resolve(headers(BILLING), Attributes.EMPTY)).isNull();
	}

	@Test
	void resolveWhenMalformedFromUntrustedAddressIgnoresTheHeader() {
		assertThat(this.resolver.resolve(headers("URI=\"unterminated"), from("127.0.0.1"))).isNull();
	}

	@Test
	void resolveWhenMalformedFromTrustedProxyFailsWithoutTheValue() {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.resolver.resolve(headers("URI=\"spiffe://secret-value"), from("127.0.0.2")))
			.withMessageNotContaining("secret-value");
	}

	@Test
	void resolveWhenNoHeaderFromTrustedProxyIsNull() {
		assertThat(this.resolver.resolve(new Metadata(), from("127.0.0.2"))).isNull();
	}

	@Test
	void resolveWhenHeaderHasNoIdentityIsNull() {
		assertThat(this.resolver.resolve(headers("By=spiffe://x/sidecar;Hash=1;URI="), from("127.0.0.2"))).isNull();
	}

	@Test
	void resolveWhenHeaderRepeatedReadsTheLastElementOfTheLastField() {
		Metadata headers = headers("URI=spiffe://hipaa-grpc.test/first");
		headers.put(HEADER, "URI=spiffe://hipaa-grpc.test/second,URI=spiffe://hipaa-grpc.test/third");
		PeerCertificateAuthenticationToken token = this.resolver.resolve(headers, from("127.0.0.2"));
		assertThat(token).isNotNull()
			.returns("spiffe://hipaa-grpc.test/third", PeerCertificateAuthenticationToken::getName);
	}

	private static Metadata headers(String value) {
		Metadata headers = new Metadata();
		headers.put(HEADER, value);
		return headers;
	}

	private static Attributes from(String address) {
		return Attributes.newBuilder()
			.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress(address, 45678))
			.build();
	}

}
