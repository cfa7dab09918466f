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

package io.github.hipaagrpc.tls;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link HipaaGrpcTlsPolicy}.
 */
class HipaaGrpcTlsPolicyTests {

	@Test
	void tls13OnlyWhenCreatedAllowsNoTls12Suite() {
		HipaaGrpcTlsPolicy policy = HipaaGrpcTlsPolicy.tls13Only();
		assertThat(policy.protocols()).containsExactly("TLSv1.3");
		assertThat(policy.allowsTls12()).isFalse();
		assertThat(policy.tls12Ciphers()).isEmpty();
	}

	@Test
	void ofWhenTls12AllowedKeepsTheGivenSuites() {
		HipaaGrpcTlsPolicy policy = HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"),
				List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
		assertThat(policy.allowsTls12()).isTrue();
		assertThat(policy.tls12Ciphers()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
				"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
	}

	@Test
	void ofWhenProtocolRepeatedKeepsItOnce() {
		HipaaGrpcTlsPolicy policy = HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.3"), List.of());
		assertThat(policy.protocols()).containsExactly("TLSv1.3");
	}

	@Test
	void ofWhenOldProtocolRequestedFailsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.1"), List.of()))
			.withMessageContaining("'TLSv1.1'");
	}

	@Test
	void ofWhenTls13LeftOutFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HipaaGrpcTlsPolicy.of(List.of("TLSv1.2"), HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS))
			.withMessageContaining("'TLSv1.3' must be allowed");
	}

	@Test
	void toStringWhenTls13OnlyNamesNoTls12Suite() {
		assertThat(HipaaGrpcTlsPolicy.tls13Only()).hasToString("protocols [TLSv1.3]");
	}

	@Test
	void ofWhenNoProtocolFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> HipaaGrpcTlsPolicy.of(List.of(), List.of()));
	}

	@Test
	void ofWhenCbcSuiteRequestedFailsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"),
					List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")))
			.withMessageContaining("'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256'");
	}

	@Test
	void ofWhenStaticRsaKeyExchangeRequestedFails() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"), List.of("TLS_RSA_WITH_AES_256_GCM_SHA384")))
			.withMessageContaining("ECDHE");
	}

	@Test
	void ofWhenTls13SuiteNamedAsTls12SuiteFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"), List.of("TLS_AES_128_GCM_SHA256")));
	}

	@Test
	void ofWhenTls12AllowedWithoutSuitesFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"), List.of()))
			.withMessageContaining("no cipher suite");
	}

	@Test
	void engineCiphersWhenTls13OnlyNamesTls13SuitesAndNeverAnEmptyTls12List() {
		HipaaGrpcTlsPolicy policy = HipaaGrpcTlsPolicy.of(List.of("TLSv1.3"), List.of());
		assertThat(policy.engineCiphers()).containsAll(HipaaGrpcTlsPolicy.TLS13_CIPHERS)
			.containsAll(HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS);
	}

	@Test
	void defaultTls12CiphersWhenCheckedAreAllAllowed() {
		assertThat(HipaaGrpcTlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"), HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS)
			.tls12Ciphers()).hasSize(6)
			.allMatch((cipher) -> cipher.startsWith("TLS_ECDHE_"))
			.noneMatch((cipher) -> cipher.contains("CBC") || cipher.contains("SHA_") || cipher.endsWith("_SHA"));
	}

}
