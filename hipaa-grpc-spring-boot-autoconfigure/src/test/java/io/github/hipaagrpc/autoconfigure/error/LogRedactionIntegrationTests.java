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

package io.github.hipaagrpc.autoconfigure.error;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.github.hipaagrpc.testservice.PatientDirectoryGrpc;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for log redaction with Spring Boot's own Logback configuration.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogRedactionIntegrationTests {

	private static final Log logger = LogFactory.getLog(LogRedactionIntegrationTests.class);

	private static final String CORRELATION_ID = "corr-7f3a9c";

	private static final String BEARER_TOKEN = "3q2+7wZk9QpLx0aVbN1mYc";

	private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXRpZW50LTQyIn0.c2lnbmF0dXJlLWJ5dGVz";

	private static final String KEY_MATERIAL = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

	private static final String PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\n" + KEY_MATERIAL
			+ "\n-----END PRIVATE KEY-----";

	private static final String VAULT_TOKEN = "hvs.CAESIJ4mZ2x7Qk9pLw3vYtRbNcDe";

	private static final String SSN = "123-45-6789";

	// triage_remark is marked in test_patients.proto and absent from the default names
	private static final String TRIAGE_REMARK = "chest pain since Tuesday";

	@Test
	void consoleAndFileWhenSecretsAndEphiLoggedHoldNoneOfThem(CapturedOutput output, @TempDir Path logDirectory)
			throws IOException {
		Path logFile = logDirectory.resolve("clinical.log");
		try (ConfigurableApplicationContext context = run("--logging.file.name=" + logFile)) {
			logSensitiveEvents();
		}
		assertRedacted(output.getOut());
		assertThat(output.getOut()).contains("Caused by: java.io.IOException: Upstream rejected Bearer [REDACTED]")
			.contains("Suppressed: java.lang.IllegalArgumentException: triage_remark: \"[REDACTED]\"");
		assertRedacted(Files.readString(logFile, StandardCharsets.UTF_8));
	}

	@Test
	void structuredConsoleWhenSecretsAndEphiLoggedHoldsNoneOfThem(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--logging.structured.format.console=ecs")) {
			logSensitiveEvents();
		}
		assertRedacted(output.getOut());
		assertThat(output.getOut()).contains("\"error\":{\"type\":\"java.lang.IllegalStateException\"");
	}

	@Test
	void structuredConsoleWhenStackTracePrinterConfiguredHoldsNoneOfThem(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--logging.structured.format.console=logstash",
				"--logging.structured.json.stacktrace.root=first")) {
			logSensitiveEvents();
		}
		assertRedacted(output.getOut());
		assertThat(output.getOut())
			.contains("\"stack_trace\":\"java.io.IOException: Upstream rejected Bearer [REDACTED]");
	}

	private final Properties systemProperties = (Properties) System.getProperties().clone();

	@AfterEach
	void restoreSystemProperties() {
		// Boot copies logging properties (the structured format among them) into system
		// properties, where they would outlive the application that set them.
		System.setProperties(this.systemProperties);
	}

	private ConfigurableApplicationContext run(String... args) {
		// Logging may be left configured by an earlier test's application; this run must
		// configure it afresh with its own properties.
		LoggingSystem.get(getClass().getClassLoader()).cleanUp();
		SpringApplication application = new SpringApplication(PatientDirectoryApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	private static void logSensitiveEvents() {
		logger.warn("Call " + CORRELATION_ID + " sent Bearer " + BEARER_TOKEN + ", then " + JWT + ", key " + PRIVATE_KEY
				+ ", vault " + VAULT_TOKEN + ", request ssn: \"" + SSN + "\" triage_remark: \"" + TRIAGE_REMARK + "\"");
		try {
			lookUpPatient();
		}
		catch (IllegalStateException ex) {
			logger.error("Call " + CORRELATION_ID + " failed", ex);
		}
	}

	private static void lookUpPatient() {
		IOException cause = new IOException(
				"Upstream rejected Bearer " + BEARER_TOKEN + " and " + JWT + " signed by " + PRIVATE_KEY);
		IllegalStateException exception = new IllegalStateException(
				"Lookup " + CORRELATION_ID + " failed for ssn: \"" + SSN + "\" as " + VAULT_TOKEN, cause);
		exception.addSuppressed(new IllegalArgumentException("triage_remark: \"" + TRIAGE_REMARK + "\""));
		throw exception;
	}

	private static void assertRedacted(String log) {
		assertThat(log).contains("Call " + CORRELATION_ID + " sent Bearer [REDACTED], then [REDACTED], key [REDACTED]")
			.contains("Call " + CORRELATION_ID + " failed")
			.contains("java.lang.IllegalStateException: Lookup " + CORRELATION_ID + " failed for ssn:")
			.doesNotContain(BEARER_TOKEN, JWT, "eyJhbGciOiJSUzI1NiJ9", KEY_MATERIAL, VAULT_TOKEN, "CAESIJ4mZ2x7", SSN,
					TRIAGE_REMARK);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(HipaaGrpcErrorAutoConfiguration.class)
	static class PatientDirectoryApplication {

		@Bean
		PatientDirectoryService patientDirectoryService() {
			return new PatientDirectoryService();
		}

	}

	static class PatientDirectoryService extends PatientDirectoryGrpc.PatientDirectoryImplBase {

	}

}
