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

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

import io.github.hipaagrpc.security.PeerCertificateIdentity.Source;
import io.github.hipaagrpc.test.TestPki;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PeerCertificateIdentity} with real X.509 certificates from a test CA.
 */
class PeerCertificateIdentityTests {

	private static final List<Source> ALL = List.of(Source.URI_SAN, Source.DNS_SAN, Source.COMMON_NAME);

	private static final TestPki pki = TestPki.create();

	@Test
	void ofWhenCertificateHasSpiffeIdReadsItFirst() {
		X509Certificate certificate = pki.issueClient("billing").certificate();
		assertThat(PeerCertificateIdentity.of(certificate, ALL))
			.isEqualTo(new PeerCertificateIdentity("spiffe://hipaa-grpc.test/billing", Source.URI_SAN));
	}

	@Test
	void ofWhenCertificateHasOnlyDnsNamesReadsTheFirstDnsName() {
		X509Certificate certificate = pki.issueClientWithDnsNames("billing", "billing.svc.test", "billing.other.test")
			.certificate();
		assertThat(PeerCertificateIdentity.of(certificate, ALL))
			.isEqualTo(new PeerCertificateIdentity("billing.svc.test", Source.DNS_SAN));
	}

	@Test
	void ofWhenDnsNameHasUpperCaseLettersReadsItInLowerCase() {
		X509Certificate certificate = pki.issueClientWithDnsNames("billing", "Billing.SVC.test").certificate();
		assertThat(PeerCertificateIdentity.of(certificate, ALL))
			.isEqualTo(new PeerCertificateIdentity("billing.svc.test", Source.DNS_SAN));
	}

	@Test
	void ofWhenCertificateHasNoSubjectAlternativeNamesFallsBackToTheCommonName() throws CertificateParsingException {
		X509Certificate certificate = pki.issueClientWithDnsNames("scheduler").certificate();
		assertThat(certificate.getSubjectAlternativeNames()).isNull();
		assertThat(PeerCertificateIdentity.of(certificate, ALL))
			.isEqualTo(new PeerCertificateIdentity("scheduler", Source.COMMON_NAME));
	}

	@Test
	void ofWhenCommonNameHoldsEscapedCharactersReadsThemUnescaped() {
		X509Certificate certificate = pki.issueClientWithDnsNames("records, east+1").certificate();
		assertThat(PeerCertificateIdentity.of(certificate, List.of(Source.COMMON_NAME)))
			.isEqualTo(new PeerCertificateIdentity("records, east+1", Source.COMMON_NAME));
	}

	@Test
	void ofWhenSourcesPutCommonNameFirstReadsItBeforeTheSpiffeId() {
		X509Certificate certificate = pki.issueClient("billing").certificate();
		assertThat(PeerCertificateIdentity.of(certificate, List.of(Source.COMMON_NAME, Source.URI_SAN)))
			.isEqualTo(new PeerCertificateIdentity("billing", Source.COMMON_NAME));
	}

	@Test
	void ofWhenSourcesPutDnsNameFirstReadsItBeforeTheCommonName() {
		X509Certificate certificate = pki.issueClientWithDnsNames("billing", "billing.svc.test").certificate();
		assertThat(PeerCertificateIdentity.of(certificate, List.of(Source.DNS_SAN, Source.COMMON_NAME)))
			.isEqualTo(new PeerCertificateIdentity("billing.svc.test", Source.DNS_SAN));
		assertThat(PeerCertificateIdentity.of(certificate, List.of(Source.COMMON_NAME, Source.DNS_SAN)))
			.isEqualTo(new PeerCertificateIdentity("billing", Source.COMMON_NAME));
	}

	@Test
	void ofWhenSourcesLeaveOutTheKindTheCertificateHasFindsNoIdentity() {
		X509Certificate dnsOnly = pki.issueClientWithDnsNames("billing", "billing.svc.test").certificate();
		X509Certificate spiffeOnly = pki.issueClient("billing").certificate();
		assertThat(PeerCertificateIdentity.of(dnsOnly, List.of(Source.URI_SAN))).isNull();
		assertThat(PeerCertificateIdentity.of(spiffeOnly, List.of(Source.DNS_SAN))).isNull();
	}

	@Test
	void ofWhenSourcesAreRestrictedSkipsTheOthersEvenWhenPresent() {
		X509Certificate certificate = pki.issueClient("billing").certificate();
		assertThat(PeerCertificateIdentity.of(certificate, List.of(Source.DNS_SAN, Source.COMMON_NAME)))
			.isEqualTo(new PeerCertificateIdentity("billing", Source.COMMON_NAME));
	}

	@Test
	void ofWhenNoSourcesIsRefused() {
		X509Certificate certificate = pki.issueClient("billing").certificate();
		assertThatIllegalArgumentException().isThrownBy(() -> PeerCertificateIdentity.of(certificate, List.of()))
			.withMessage("'sources' must not be empty");
	}

}
