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

import javax.net.ssl.SSLSession;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link HipaaGrpcTlsHandshakeMetrics}.
 */
class HipaaGrpcTlsHandshakeMetricsTests {

	private final HipaaGrpcTlsHandshakeMetrics metrics = new HipaaGrpcTlsHandshakeMetrics();

	@Test
	void bindToRegistersAFailureCounterForEveryReason() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.metrics.bindTo(registry);
		assertThat(registry.find(HipaaGrpcTlsHandshakeMetrics.FAILURES).counters())
			.extracting((counter) -> counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("not_tls", "protocol_version", "no_shared_cipher", "certificate_required",
					"bad_certificate", "no_application_protocol", "timeout", "closed", "other");
	}

	@Test
	void handshakeFailedWhenBoundToTwoRegistriesCountsInBoth() {
		SimpleMeterRegistry first = new SimpleMeterRegistry();
		SimpleMeterRegistry second = new SimpleMeterRegistry();
		this.metrics.bindTo(first);
		this.metrics.bindTo(second);
		this.metrics.handshakeFailed(HipaaGrpcTlsHandshakeFailure.PROTOCOL_VERSION);
		assertThat(failures(first, "protocol_version")).isEqualTo(1);
		assertThat(failures(second, "protocol_version")).isEqualTo(1);
		assertThat(failures(second, "not_tls")).isZero();
	}

	@Test
	void handshakeCompletedWhenBoundToTwoRegistriesCountsInBoth() {
		SimpleMeterRegistry first = new SimpleMeterRegistry();
		SimpleMeterRegistry second = new SimpleMeterRegistry();
		this.metrics.bindTo(first);
		this.metrics.bindTo(second);
		this.metrics.handshakeCompleted(session("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
		assertThat(handshakes(first, "TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo(1);
		assertThat(handshakes(second, "TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo(1);
	}

	@Test
	void handshakeFailedWhenSameRegistryIsBoundTwiceCountsOnce() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.metrics.bindTo(registry);
		this.metrics.bindTo(registry);
		this.metrics.handshakeFailed(HipaaGrpcTlsHandshakeFailure.TIMEOUT);
		assertThat(failures(registry, "timeout")).isEqualTo(1);
	}

	@Test
	void handshakeFailedWhenNotBoundCountsNowhere() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.metrics.handshakeFailed(HipaaGrpcTlsHandshakeFailure.CLOSED);
		this.metrics.bindTo(registry);
		assertThat(failures(registry, "closed")).isZero();
	}

	private static double failures(MeterRegistry registry, String reason) {
		Counter counter = registry.get(HipaaGrpcTlsHandshakeMetrics.FAILURES).tag("reason", reason).counter();
		return counter.count();
	}

	private static double handshakes(MeterRegistry registry, String protocol, String cipher) {
		Counter counter = registry.get(HipaaGrpcTlsHandshakeMetrics.HANDSHAKES)
			.tag("protocol", protocol)
			.tag("cipher", cipher)
			.counter();
		return counter.count();
	}

	private static SSLSession session(String protocol, String cipher) {
		SSLSession session = mock(SSLSession.class);
		given(session.getProtocol()).willReturn(protocol);
		given(session.getCipherSuite()).willReturn(cipher);
		return session;
	}

}
