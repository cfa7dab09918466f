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
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Counts the gRPC listener's TLS handshakes: completed ones by negotiated protocol and
 * cipher suite, failed ones by reason. Handshakes that end before a registry is bound are
 * not counted.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsHandshakeMetrics implements HipaaGrpcTlsHandshakeListener, MeterBinder {

	/**
	 * Name of the counter of completed handshakes.
	 */
	public static final String HANDSHAKES = "hipaa.grpc.tls.handshakes";

	/**
	 * Name of the counter of failed handshakes.
	 */
	public static final String FAILURES = "hipaa.grpc.tls.handshake.failures";

	private volatile @Nullable MeterRegistry registry;

	@Override
	public void bindTo(MeterRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		for (HipaaGrpcTlsHandshakeFailure failure : HipaaGrpcTlsHandshakeFailure.values()) {
			failures(registry, failure);
		}
		this.registry = registry;
	}

	@Override
	public void handshakeCompleted(SSLSession session) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		Counter.builder(HANDSHAKES)
			.description("TLS handshakes completed on the gRPC listener")
			.tag("protocol", session.getProtocol())
			.tag("cipher", session.getCipherSuite())
			.register(registry)
			.increment();
	}

	@Override
	public void handshakeFailed(HipaaGrpcTlsHandshakeFailure failure) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			failures(registry, failure).increment();
		}
	}

	private static Counter failures(MeterRegistry registry, HipaaGrpcTlsHandshakeFailure failure) {
		return Counter.builder(FAILURES)
			.description("TLS handshakes refused or abandoned on the gRPC listener")
			.tag("reason", failure.tagValue())
			.register(registry);
	}

}
