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

package io.github.hipaagrpc.autoconfigure.tls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import ch.qos.logback.classic.Level;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsHandshakeMetrics;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsPolicy;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProvider;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerContext;
import io.grpc.TlsServerCredentials;
import io.netty.handler.ssl.SslProvider;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TlsSettings}.
 */
class TlsSettingsTests {

	private static final TestPki pki = TestPki.create();

	@Test
	void providerWhenAutoAndBoringSslDoesNotLoadIsTheJdk() {
		assertThat(TlsSettings.provider(properties(HipaaGrpcTlsProvider.AUTO), () -> false)).isEqualTo(SslProvider.JDK);
	}

	@Test
	void providerWhenAutoAndBoringSslLoadsIsBoringSsl() {
		assertThat(TlsSettings.provider(properties(HipaaGrpcTlsProvider.AUTO), () -> true))
			.isEqualTo(SslProvider.OPENSSL);
	}

	@Test
	void providerWhenOpenSslRequiredAndBoringSslDoesNotLoadFailsNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> TlsSettings.provider(properties(HipaaGrpcTlsProvider.OPENSSL), () -> false))
			.satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo("hipaa.grpc.tls.provider");
				assertThat(ex.getValue()).isEqualTo(HipaaGrpcTlsProvider.OPENSSL);
				assertThat(ex.getReason()).contains("netty-tcnative-boringssl-static").contains("'auto'");
			});
	}

	@Test
	void providerWhenOpenSslRequiredAndBoringSslLoadsIsBoringSsl() {
		assertThat(TlsSettings.provider(properties(HipaaGrpcTlsProvider.OPENSSL), () -> true))
			.isEqualTo(SslProvider.OPENSSL);
	}

	@Test
	void providerWhenJdkRequestedDoesNotAskWhetherBoringSslLoads() {
		AtomicInteger asked = new AtomicInteger();
		SslProvider provider = TlsSettings.provider(properties(HipaaGrpcTlsProvider.JDK), () -> {
			asked.incrementAndGet();
			return true;
		});
		assertThat(provider).isEqualTo(SslProvider.JDK);
		assertThat(asked).hasValue(0);
	}

	@Test
	void checkRenegotiationWhenJdkServesTls12AndPropertyIsNotTrueWarns() throws SSLException {
		HipaaGrpcTlsServerContext context = serverContext(SslProvider.JDK, "TLSv1.3", "TLSv1.2");
		try (CapturedLogs logs = CapturedLogs.of(TlsSettings.class.getName(), Level.INFO)) {
			TlsSettings.checkRenegotiation(context, "false");
			assertThat(logs.events()).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(event.getFormattedMessage()).startsWith("gRPC server TLS on the JDK lets TLS 1.2 clients "
						+ "renegotiate: 'jdk.tls.rejectClientInitiatedRenegotiation' is 'false'");
			});
		}
	}

	@Test
	void checkRenegotiationWhenJdkServesTls12AndPropertyIsTrueIsSilent() throws SSLException {
		assertSilent(serverContext(SslProvider.JDK, "TLSv1.3", "TLSv1.2"), "TRUE");
	}

	@Test
	void checkRenegotiationWhenJdkServesTls13OnlyIsSilent() throws SSLException {
		assertSilent(serverContext(SslProvider.JDK, "TLSv1.3"), "false");
	}

	@Test
	void checkRenegotiationWhenBoringSslServesTls12IsSilent() throws SSLException {
		assertSilent(serverContext(SslProvider.OPENSSL, "TLSv1.3", "TLSv1.2"), null);
	}

	private static void assertSilent(HipaaGrpcTlsServerContext context, @Nullable String rejectRenegotiation) {
		try (CapturedLogs logs = CapturedLogs.of(TlsSettings.class.getName(), Level.INFO)) {
			TlsSettings.checkRenegotiation(context, rejectRenegotiation);
			assertThat(logs.events()).isEmpty();
		}
	}

	private static HipaaGrpcTlsServerContext serverContext(SslProvider provider, String... protocols)
			throws SSLException {
		TestCertificate certificate = pki.issueServer("localhost");
		HipaaGrpcTlsKeyMaterial keyMaterial = new HipaaGrpcTlsKeyMaterial(certificate.privateKey(), certificate.chain(),
				List.of());
		HipaaGrpcTlsPolicy policy = HipaaGrpcTlsPolicy.of(List.of(protocols), HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS);
		return HipaaGrpcTlsServerContext.create(keyMaterial, policy, TlsServerCredentials.ClientAuth.NONE, provider,
				Duration.ofSeconds(10), new HipaaGrpcTlsHandshakeMetrics());
	}

	private static HipaaGrpcTlsProperties properties(HipaaGrpcTlsProvider provider) {
		HipaaGrpcTlsProperties properties = new HipaaGrpcTlsProperties();
		properties.setProvider(provider);
		return properties;
	}

}
