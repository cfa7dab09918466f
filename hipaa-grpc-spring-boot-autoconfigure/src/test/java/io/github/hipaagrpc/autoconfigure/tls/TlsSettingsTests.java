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

import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.tls.HipaaGrpcTlsProvider;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TlsSettings}.
 */
class TlsSettingsTests {

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

	private static HipaaGrpcTlsProperties properties(HipaaGrpcTlsProvider provider) {
		HipaaGrpcTlsProperties properties = new HipaaGrpcTlsProperties();
		properties.setProvider(provider);
		return properties;
	}

}
