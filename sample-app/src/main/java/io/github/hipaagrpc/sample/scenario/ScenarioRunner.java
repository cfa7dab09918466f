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

package io.github.hipaagrpc.sample.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import io.github.hipaagrpc.test.SecuredChannels;
import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.Resource;
import org.springframework.core.log.LogMessage;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.util.Assert;

/**
 * Runs the {@link Scenario} once the application has started, over TLS trusting the
 * certificate authorities that {@code sample.scenario.trusted-ca} names, and prints its
 * result table. Its exit code is non-zero when any call did not behave as expected.
 *
 * @since 0.1.0
 */
public class ScenarioRunner
		implements ApplicationRunner, ExitCodeGenerator, ApplicationListener<GrpcServerStartedEvent> {

	private static final Log logger = LogFactory.getLog(ScenarioRunner.class);

	private final ScenarioProperties properties;

	private final PrintStream out;

	private volatile int grpcPort = -1;

	private volatile @Nullable ScenarioReport report;

	/**
	 * Create a new runner.
	 * @param properties the scenario properties
	 * @param out where the result table is printed
	 */
	public ScenarioRunner(ScenarioProperties properties, PrintStream out) {
		this.properties = properties;
		this.out = out;
	}

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		this.grpcPort = event.getPort();
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			ScenarioReport report = runScenario();
			this.report = report;
			report.printTo(this.out);
			if (!report.allMatched()) {
				logger.warn(report.summary());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Scenario could not run; the service keeps running", ex);
		}
	}

	private ScenarioReport runScenario() {
		Assert.state(this.grpcPort > 0, "gRPC server has not started on a port");
		String host = this.properties.getHost();
		logger.info(LogMessage.format("Running the scenario against '%s:%d'", host, this.grpcPort));
		ManagedChannel channel = SecuredChannels.tls(host, this.grpcPort, trustAnchors());
		ManagedChannel plaintextChannel = SecuredChannels.plaintext(host, this.grpcPort);
		try {
			Scenario scenario = new Scenario(channel, plaintextChannel, tokenClient(), this.properties.getCallTimeout(),
					this.properties.getExpiryTimeout());
			return scenario.run();
		}
		finally {
			channel.shutdownNow();
			plaintextChannel.shutdownNow();
		}
	}

	private X509Certificate[] trustAnchors() {
		Resource trustedCa = this.properties.getTrustedCa();
		if (trustedCa == null) {
			throw new IllegalStateException("'sample.scenario.trusted-ca' must be set");
		}
		try (InputStream in = trustedCa.getInputStream()) {
			X509Certificate[] certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in)
				.stream()
				.map(X509Certificate.class::cast)
				.toArray(X509Certificate[]::new);
			Assert.state(certificates.length > 0, () -> "No certificate in '%s'".formatted(trustedCa));
			return certificates;
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalStateException("Trusted CA certificates could not be read from '%s'".formatted(trustedCa),
					ex);
		}
	}

	private TokenClient tokenClient() {
		URI tokenUri = this.properties.getTokenUri();
		String clientSecret = this.properties.getClientSecret();
		if (tokenUri == null || clientSecret == null) {
			throw new IllegalStateException(
					"'sample.scenario.token-uri' and 'sample.scenario.client-secret' must be set");
		}
		return new TokenClient(tokenUri, clientSecret);
	}

	/**
	 * Return the report of the scenario run.
	 * @return the report
	 * @throws IllegalStateException if the scenario has not run
	 */
	public ScenarioReport report() {
		ScenarioReport report = this.report;
		if (report == null) {
			throw new IllegalStateException("Scenario has not run");
		}
		return report;
	}

	@Override
	public int getExitCode() {
		ScenarioReport report = this.report;
		return (report != null && report.allMatched()) ? 0 : 1;
	}

}
