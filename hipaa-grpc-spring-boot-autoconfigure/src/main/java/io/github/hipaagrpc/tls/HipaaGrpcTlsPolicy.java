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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * Protocol versions and TLS 1.2 cipher suites that the gRPC listener accepts. TLS 1.3 is
 * always allowed; TLS 1.2 only when asked for, and then only with forward-secret AEAD
 * suites. TLS 1.3 suites are not chosen here: every one of them is AEAD, and BoringSSL
 * does not let them be restricted.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcTlsPolicy {

	/**
	 * Name of TLS 1.3.
	 */
	public static final String TLS_1_3 = "TLSv1.3";

	/**
	 * Name of TLS 1.2.
	 */
	public static final String TLS_1_2 = "TLSv1.2";

	/**
	 * TLS 1.2 suites allowed by default: ECDHE key exchange with AES-GCM or
	 * ChaCha20-Poly1305, strongest first.
	 */
	public static final List<String> DEFAULT_TLS12_CIPHERS = List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

	/**
	 * TLS 1.3 suites, all AEAD, which a JDK engine must be told about explicitly.
	 */
	static final List<String> TLS13_CIPHERS = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
			"TLS_AES_128_GCM_SHA256");

	private static final Pattern AEAD_ECDHE_SUITE = Pattern
		.compile("TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");

	private static final String CIPHER_NOT_ALLOWED = "Cipher suite '%s' is not allowed: TLS 1.2 suites must "
			+ "use ECDHE key exchange and AES-GCM or ChaCha20-Poly1305";

	private static final Set<String> PROTOCOLS = Set.of(TLS_1_3, TLS_1_2);

	private final List<String> protocols;

	private final List<String> tls12Ciphers;

	private HipaaGrpcTlsPolicy(List<String> protocols, List<String> tls12Ciphers) {
		this.protocols = protocols;
		this.tls12Ciphers = tls12Ciphers;
	}

	/**
	 * Return the default policy: TLS 1.3 only.
	 * @return the default policy
	 */
	public static HipaaGrpcTlsPolicy tls13Only() {
		return new HipaaGrpcTlsPolicy(List.of(TLS_1_3), DEFAULT_TLS12_CIPHERS);
	}

	/**
	 * Create a policy from protocol and cipher suite names.
	 * @param protocols the protocol versions: TLS 1.3, and TLS 1.2 when clients need it
	 * @param tls12Ciphers the TLS 1.2 suites, used only when TLS 1.2 is allowed
	 * @return the policy
	 * @throws IllegalArgumentException if a protocol or a suite is outside the policy,
	 * naming it, or TLS 1.3 is left out
	 */
	public static HipaaGrpcTlsPolicy of(List<String> protocols, List<String> tls12Ciphers) {
		Assert.notEmpty(protocols, "'protocols' must not be empty");
		Assert.notNull(tls12Ciphers, "'tls12Ciphers' must not be null");
		for (String protocol : protocols) {
			Assert.isTrue(PROTOCOLS.contains(protocol),
					() -> "Protocol '%s' is not allowed: use '%s', and '%s' only if clients need it".formatted(protocol,
							TLS_1_3, TLS_1_2));
		}
		for (String cipher : tls12Ciphers) {
			Assert.isTrue(AEAD_ECDHE_SUITE.matcher(cipher).matches(), () -> CIPHER_NOT_ALLOWED.formatted(cipher));
		}
		Assert.isTrue(protocols.contains(TLS_1_3),
				() -> "'%s' must be allowed: '%s' may only be added for clients that need it".formatted(TLS_1_3,
						TLS_1_2));
		Assert.isTrue(!protocols.contains(TLS_1_2) || !tls12Ciphers.isEmpty(),
				"TLS 1.2 is allowed but no cipher suite is");
		return new HipaaGrpcTlsPolicy(List.copyOf(new LinkedHashSet<>(protocols)), List.copyOf(tls12Ciphers));
	}

	/**
	 * Return the protocol versions that handshakes may negotiate.
	 * @return the protocol names, such as {@code TLSv1.3}
	 */
	public List<String> protocols() {
		return this.protocols;
	}

	/**
	 * Return whether TLS 1.2 handshakes are accepted.
	 * @return whether TLS 1.2 is allowed
	 */
	public boolean allowsTls12() {
		return this.protocols.contains(TLS_1_2);
	}

	/**
	 * Return the TLS 1.2 suites that handshakes may negotiate.
	 * @return the suite names, empty when TLS 1.2 is not allowed
	 */
	public List<String> tls12Ciphers() {
		return allowsTls12() ? this.tls12Ciphers : List.of();
	}

	/**
	 * Return the suite names to hand to a TLS engine. The JDK's engine takes one list for
	 * all protocol versions, so the TLS 1.3 suites are named too (BoringSSL ignores
	 * them); BoringSSL refuses every handshake when its TLS 1.2 list is empty, so that
	 * list is never empty, which is harmless when the protocol list leaves TLS 1.2 out.
	 * @return the TLS 1.3 suites followed by TLS 1.2 suites
	 */
	List<String> engineCiphers() {
		List<String> ciphers = new ArrayList<>(TLS13_CIPHERS);
		ciphers.addAll(this.tls12Ciphers.isEmpty() ? DEFAULT_TLS12_CIPHERS : this.tls12Ciphers);
		return ciphers;
	}

	@Override
	public String toString() {
		String protocols = "protocols " + this.protocols;
		return allowsTls12() ? protocols + ", TLS 1.2 ciphers " + this.tls12Ciphers : protocols;
	}

}
