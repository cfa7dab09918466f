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

package io.github.hipaagrpc.sample;

import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import io.github.hipaagrpc.sample.dev.DevPki;
import io.github.hipaagrpc.sample.dev.DevPkiCertificateSource;
import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateSource;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests for the dev profile's certificate source: certificates from the
 * development CA that live for ten seconds, renewed by the starter's rotation while calls
 * on new connections keep succeeding.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "sample.scenario.enabled=false", "sample.dev-pki.certificate-lifetime=10s",
				"spring.grpc.server.port=0", "hipaa.grpc.tls.probe.port=0",
				"spring.grpc.server.keepalive.connection.max-age=2s",
				"spring.grpc.server.keepalive.connection.grace-period=1s", "hipaa.grpc.rate-limit.enabled=false" })
class DevCertificateRotationEndToEndTests {

	private static final int HTTP_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final Duration WAIT = Duration.ofSeconds(90);

	@Autowired
	private DevPki devPki;

	@Autowired
	private HipaaGrpcTlsCertificateSource certificateSource;

	@Autowired
	private HipaaGrpcTlsCertificateRotation rotation;

	@Autowired
	private HipaaGrpcTlsKeyMaterial keyMaterial;

	@Value("${local.grpc.server.port}")
	private int grpcPort;

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> HTTP_PORT);
	}

	@Test
	void certificateSourceWhenDevProfileIsDevelopmentCa() {
		assertThat(this.certificateSource).isInstanceOf(DevPkiCertificateSource.class);
	}

	@Test
	void rotationWhenCertificatesLiveTenSecondsServesNewSerialsWithoutFailedCalls() throws Exception {
		ServedCertificates served = served();
		BigInteger first = served.readChartOnNewConnection().getSerialNumber();
		ServedCertificates.Load load = served.startLoad(WAIT.plusSeconds(30));
		List<Throwable> failures;
		try {
			await().atMost(WAIT).until(() -> renewedTwice(load, first));
		}
		finally {
			failures = load.stop();
		}
		assertThat(failures).isEmpty();
		assertThat(load.calls()).isGreaterThan(2);
		X509Certificate renewed = served.readChartOnNewConnection();
		assertThat(renewed.getSerialNumber()).isNotEqualTo(first)
			.isEqualTo(this.keyMaterial.servingCertificate().getSerialNumber());
		renewed.verify(this.devPki.caCertificate().getPublicKey());
		assertThat(Duration.between(renewed.getNotBefore().toInstant(), renewed.getNotAfter().toInstant()))
			.isEqualTo(Duration.ofSeconds(15));
		assertThat(this.rotation.status().isFailing()).isFalse();
	}

	private boolean renewedTwice(ServedCertificates.Load load, BigInteger first) {
		return load.serialNumbers().stream().filter((serial) -> !serial.equals(first)).count() >= 2;
	}

	private ServedCertificates served() {
		TokenClient tokens = new TokenClient(URI.create("http://localhost:" + HTTP_PORT + "/oauth2/token"),
				"dev-secret");
		return new ServedCertificates(this.grpcPort, tokens, this.devPki.caCertificate());
	}

}
