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

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import javax.net.ssl.SSLSession;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Counts the gRPC listener's TLS handshakes: completed ones by negotiated protocol and
 * cipher suite, failed ones by reason, in every registry it is bound to. Handshakes that
 * end before a registry is bound are not counted there.
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

	private final Set<MeterRegistry> registries = new CopyOnWriteArraySet<>();

	@Override
	public void bindTo(MeterRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		for (HipaaGrpcTlsHandshakeFailure failure : HipaaGrpcTlsHandshakeFailure.values()) {
			failures(registry, failure);
		}
		this.registries.add(registry);
	}

	@Override
	public void handshakeCompleted(SSLSession session) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder(HANDSHAKES)
				.description("TLS handshakes completed on the gRPC listener")
				.tag("protocol", session.getProtocol())
				.tag("cipher", session.getCipherSuite())
				.register(registry)
				.increment();
		}
	}

	@Override
	public void handshakeFailed(HipaaGrpcTlsHandshakeFailure failure) {
		for (MeterRegistry registry : this.registries) {
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
