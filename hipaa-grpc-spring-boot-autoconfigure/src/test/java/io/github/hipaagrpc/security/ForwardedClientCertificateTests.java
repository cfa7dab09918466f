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

import java.util.List;
import java.util.stream.Stream;

import io.github.hipaagrpc.security.PeerCertificateIdentity.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ForwardedClientCertificate}.
 */
class ForwardedClientCertificateTests {

	private static final List<Source> DEFAULT_SOURCES = List.of(Source.URI_SAN, Source.DNS_SAN, Source.COMMON_NAME);

	private static final String SECRET = "do-not-echo";

	static Stream<Arguments> wellFormedHeaders() {
		return Stream.of(
				Arguments.of("Istio sidecar",
						"By=spiffe://cluster.local/ns/records/sa/clinical;Hash=4f2a9c;Subject=\"\";"
								+ "URI=spiffe://cluster.local/ns/billing/sa/billing",
						"spiffe://cluster.local/ns/billing/sa/billing", Source.URI_SAN),
				Arguments.of("several URI and DNS names, the first URI wins",
						"By=http://frontend.example.com;Hash=468ed3;URI=http://one.example.com;"
								+ "URI=http://two.example.com;DNS=example.com;DNS=www.example.com",
						"http://one.example.com", Source.URI_SAN),
				Arguments.of("several elements, the nearest proxy's (last) one wins",
						"By=spiffe://x/edge;URI=spiffe://x/forged,By=spiffe://x/sidecar;URI=spiffe://x/billing",
						"spiffe://x/billing", Source.URI_SAN),
				Arguments.of("quoted value holding a comma and a semicolon",
						"Hash=1;URI=\"spiffe://x/a,b;c\";By=spiffe://x/sidecar", "spiffe://x/a,b;c", Source.URI_SAN),
				Arguments.of("quoted subject with escaped quotes, commas and semicolons",
						"By=spiffe://x/sidecar;Subject=\"CN=billing \\\"east\\\",O=Records\\, Inc.;OU=x\";Hash=1",
						"billing \"east\"", Source.COMMON_NAME),
				Arguments.of("RFC 2253 escapes in the subject are kept for the name's parser",
						"Subject=\"CN=Doe\\, John,O=Example\"", "Doe, John", Source.COMMON_NAME),
				Arguments.of("an escaped backslash does not escape the closing quote", "Subject=\"CN=back\\\\\";Hash=1",
						"back\\", Source.COMMON_NAME),
				Arguments.of("DNS names only, in lower case", "Hash=1;DNS=Billing.Records.SVC;DNS=other.svc",
						"billing.records.svc", Source.DNS_SAN),
				Arguments.of("subject only", "Hash=1;Subject=\"CN=scheduler,OU=Records,O=Example\"", "scheduler",
						Source.COMMON_NAME),
				Arguments.of("an empty URI, as Envoy writes when there is none, is passed over", "URI=;DNS=billing.svc",
						"billing.svc", Source.DNS_SAN),
				Arguments.of("keys ignore case", "uri=spiffe://x/lower", "spiffe://x/lower", Source.URI_SAN),
				Arguments.of("an equals sign inside an unquoted value", "URI=spiffe://x/a?b=c", "spiffe://x/a?b=c",
						Source.URI_SAN),
				Arguments.of("unknown keys are ignored", "Foo=bar;URI=spiffe://x/y;Cert=\"-----BEGIN%20CERT\"",
						"spiffe://x/y", Source.URI_SAN));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("wellFormedHeaders")
	void parseNearestWhenWellFormedNamesTheCaller(String description, String header, String name, Source source) {
		PeerCertificateIdentity identity = ForwardedClientCertificate.parseNearest(header).identity(DEFAULT_SOURCES);
		assertThat(identity).isEqualTo(new PeerCertificateIdentity(name, source));
	}

	static Stream<Arguments> malformedHeaders() {
		return Stream.of(Arguments.of("empty", ""), Arguments.of("trailing comma", "URI=spiffe://x/y,"),
				Arguments.of("leading comma", ",URI=spiffe://x/y"),
				Arguments.of("trailing semicolon", "URI=spiffe://x/y;"),
				Arguments.of("empty pair", "URI=spiffe://x/y;;DNS=b"), Arguments.of("key without value", "URI"),
				Arguments.of("value without key", "=spiffe://x/y"),
				Arguments.of("space in a key", "Hash=1; URI=spiffe://x/y"),
				Arguments.of("unterminated quoted value", "Subject=\"CN=" + SECRET),
				Arguments.of("quote escaped at the end", "Subject=\"CN=" + SECRET + "\\\""),
				Arguments.of("text after a quoted value", "Subject=\"CN=a\"" + SECRET),
				Arguments.of("quote inside an unquoted value", "URI=spiffe://x/\"" + SECRET + "\""),
				Arguments.of("control character", "URI=spiffe://x/" + SECRET + "\u0001"),
				Arguments.of("repeated hash", "Hash=1;Hash=2;URI=spiffe://x/y"),
				Arguments.of("repeated subject", "Subject=\"CN=a\";Subject=\"CN=" + SECRET + "\""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedHeaders")
	void parseNearestWhenMalformedThrowsExceptionWithoutTheValue(String description, String header) {
		assertThatIllegalArgumentException().isThrownBy(() -> ForwardedClientCertificate.parseNearest(header))
			.withMessageContaining("at position")
			.withMessageNotContaining(SECRET);
	}

	@Test
	void parseWhenSeveralElementsKeepsThemInOrder() {
		List<ForwardedClientCertificate> elements = ForwardedClientCertificate
			.parse("URI=spiffe://x/a,DNS=b.svc;DNS=c.svc,Subject=\"CN=d,O=e\"");
		assertThat(elements).containsExactly(new ForwardedClientCertificate(List.of("spiffe://x/a"), List.of(), null),
				new ForwardedClientCertificate(List.of(), List.of("b.svc", "c.svc"), null),
				new ForwardedClientCertificate(List.of(), List.of(), "CN=d,O=e"));
	}

	@Test
	void identityWhenSourcesPutTheCommonNameFirstReadsTheCommonName() {
		ForwardedClientCertificate certificate = ForwardedClientCertificate
			.parseNearest("URI=spiffe://x/billing;DNS=billing.svc;Subject=\"CN=billing-cn\"");
		assertThat(certificate.identity(List.of(Source.COMMON_NAME, Source.URI_SAN)))
			.isEqualTo(new PeerCertificateIdentity("billing-cn", Source.COMMON_NAME));
		assertThat(certificate.identity(List.of(Source.DNS_SAN, Source.URI_SAN)))
			.isEqualTo(new PeerCertificateIdentity("billing.svc", Source.DNS_SAN));
	}

	@Test
	void identityWhenNoneOfTheSourcesIsPresentIsNull() {
		ForwardedClientCertificate certificate = ForwardedClientCertificate
			.parseNearest("By=spiffe://x/sidecar;Hash=1;Subject=\"\";URI=");
		assertThat(certificate.identity(DEFAULT_SOURCES)).isNull();
		assertThat(ForwardedClientCertificate.parseNearest("URI=spiffe://x/y").identity(List.of(Source.DNS_SAN)))
			.isNull();
	}

	@Test
	void identityWhenSubjectIsNotADistinguishedNameThrowsException() {
		ForwardedClientCertificate certificate = ForwardedClientCertificate
			.parseNearest("Subject=\"/C=US/CN=" + SECRET + "\"");
		assertThatIllegalArgumentException().isThrownBy(() -> certificate.identity(DEFAULT_SOURCES))
			.withMessageNotContaining(SECRET);
	}

	@Test
	void identityWhenSubjectIsNotADistinguishedNameButAnEarlierSourceMatchesReadsThatSource() {
		ForwardedClientCertificate certificate = ForwardedClientCertificate
			.parseNearest("URI=spiffe://x/y;Subject=\"/C=US/CN=legacy\"");
		assertThat(certificate.identity(DEFAULT_SOURCES))
			.isEqualTo(new PeerCertificateIdentity("spiffe://x/y", Source.URI_SAN));
	}

}
