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

package io.github.hipaagrpc.error.logback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import io.github.hipaagrpc.ephi.EphiFields;
import io.github.hipaagrpc.error.LogRedactor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogbackRedaction}.
 */
class LogbackRedactionTests {

	private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXRpZW50LTQyIn0.c2lnbmF0dXJl";

	private final LoggerContext context = new LoggerContext();

	private final LogRedactor redactor = new LogRedactor(new EphiFields(List.of("ssn")));

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@BeforeEach
	void prepareContext() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
	}

	@AfterEach
	void stopContext() {
		this.context.stop();
	}

	@Test
	void installWhenEventLoggedRedactsMessageAndEveryExceptionMessage() {
		addStreamAppender(root(), "%m%n%ex");
		LogbackRedaction.install(this.context, this.redactor);
		IllegalStateException exception = new IllegalStateException("Lookup of ssn: \"123-45-6789\" failed",
				new IOException("Bearer abc123def456ghi rejected"));
		exception.addSuppressed(new IllegalArgumentException("login hvs.CAESIJ4mZ2x7Qk9pLw3vYtRbNcDe refused"));
		this.context.getLogger("clinical").error("Call corr-7f3a with token " + JWT + " failed", exception);
		String written = this.output.toString(StandardCharsets.UTF_8);
		assertThat(written).contains("Call corr-7f3a with token [REDACTED] failed")
			.contains("java.lang.IllegalStateException: Lookup of ssn: \"[REDACTED]\" failed")
			.contains("Caused by: java.io.IOException: Bearer [REDACTED] rejected")
			.contains("Suppressed: java.lang.IllegalArgumentException: login [REDACTED] refused")
			.contains("at io.github.hipaagrpc.error.logback.LogbackRedactionTests")
			.doesNotContain("123-45-6789", "abc123def456ghi", "CAESIJ4mZ2x7", JWT);
	}

	@Test
	void installWhenEventHoldsNothingSensitiveWritesItUnchanged() {
		addStreamAppender(root(), "%m%n");
		LogbackRedaction.install(this.context, this.redactor);
		this.context.getLogger("clinical").info("Chart {} opened by {}", 42, "PROVIDER");
		assertThat(this.output.toString(StandardCharsets.UTF_8)).isEqualTo("Chart 42 opened by PROVIDER\n");
	}

	@Test
	void installWhenInstalledAgainSwapsRedactorWithoutWrappingTwice() {
		OutputStreamAppender<ILoggingEvent> appender = addStreamAppender(root(), "%m%n");
		LogbackRedaction.install(this.context, this.redactor);
		LogRedactor ssnFree = new LogRedactor(new EphiFields(List.of()));
		LogbackRedaction.install(this.context, ssnFree);
		assertThat(appender.getEncoder()).isInstanceOfSatisfying(RedactingEncoder.class,
				(encoder) -> assertThat(encoder.getDelegate()).isInstanceOf(PatternLayoutEncoder.class));
		this.context.getLogger("clinical").info("ssn=123-45-6789");
		assertThat(this.output.toString(StandardCharsets.UTF_8)).isEqualTo("ssn=123-45-6789\n");
	}

	@Test
	void installWhenAppenderIsBehindAsyncAppenderRedactsIt() {
		AsyncAppender async = new AsyncAppender();
		async.setContext(this.context);
		OutputStreamAppender<ILoggingEvent> appender = streamAppender("%m%n");
		async.addAppender(appender);
		async.start();
		root().addAppender(async);
		LogbackRedaction.install(this.context, this.redactor);
		assertThat(appender.getEncoder()).isInstanceOf(RedactingEncoder.class);
	}

	@Test
	void installWhenLogbackReconfiguresItselfRedactsNewAppenders() throws JoranException {
		LogbackRedaction.install(this.context, this.redactor);
		String configuration = """
				<configuration>
					<appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
						<encoder><pattern>%m%n</pattern></encoder>
					</appender>
					<root level="INFO"><appender-ref ref="CONSOLE"/></root>
				</configuration>
				""";
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(this.context);
		this.context.reset();
		configurator.doConfigure(new ByteArrayInputStream(configuration.getBytes(StandardCharsets.UTF_8)));
		Appender<ILoggingEvent> console = root().getAppender("CONSOLE");
		assertThat(console).isInstanceOfSatisfying(OutputStreamAppender.class,
				(appender) -> assertThat(appender.getEncoder()).isInstanceOf(RedactingEncoder.class));
	}

	private Logger root() {
		return this.context.getLogger(Logger.ROOT_LOGGER_NAME);
	}

	private OutputStreamAppender<ILoggingEvent> addStreamAppender(Logger logger, String pattern) {
		OutputStreamAppender<ILoggingEvent> appender = streamAppender(pattern);
		logger.addAppender(appender);
		return appender;
	}

	private OutputStreamAppender<ILoggingEvent> streamAppender(String pattern) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern(pattern);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(this.context);
		appender.setName("STREAM");
		appender.setEncoder(encoder);
		appender.setOutputStream(this.output);
		appender.start();
		return appender;
	}

}
