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

import java.io.IOException;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.github.hipaagrpc.ephi.EphiFields;
import io.github.hipaagrpc.error.LogRedactor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.StandardStackTracePrinter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedactedLoggingEvent} and {@link RedactedThrowableProxy}.
 */
class RedactedLoggingEventTests {

	private final Logger logger = new LoggerContext().getLogger("clinical");

	private final LogRedactor redactor = new LogRedactor(new EphiFields(List.of("ssn")));

	@Test
	void ofWhenNothingSensitiveReturnsSameEvent() {
		LoggingEvent event = event("Chart opened", new IllegalStateException("Chart locked"));
		assertThat(RedactedLoggingEvent.of(event, this.redactor)).isSameAs(event);
	}

	@Test
	void ofWhenMessageIsSensitiveRedactsItAndKeepsTheRest() {
		LoggingEvent event = event("ssn=123-45-6789, corr-7f3a", null);
		event.setMDCPropertyMap(Map.of("correlationId", "corr-7f3a"));
		ILoggingEvent redacted = RedactedLoggingEvent.of(event, this.redactor);
		assertThat(redacted.getFormattedMessage()).isEqualTo("ssn=[REDACTED], corr-7f3a");
		assertThat(redacted.getMessage()).isEqualTo("ssn=[REDACTED], corr-7f3a");
		assertThat(redacted.getLevel()).isEqualTo(Level.WARN);
		assertThat(redacted.getLoggerName()).isEqualTo("clinical");
		assertThat(redacted.getTimeStamp()).isEqualTo(event.getTimeStamp());
		assertThat(redacted.getMDCPropertyMap()).containsEntry("correlationId", "corr-7f3a");
		assertThat(redacted.getThrowableProxy()).isNull();
	}

	@Test
	void ofWhenArgumentsPresentWithholdsThem() {
		LoggingEvent event = new LoggingEvent("fqcn", this.logger, Level.INFO, "Chart {}", null, new Object[] { 42 });
		ILoggingEvent redacted = RedactedLoggingEvent.of(event, this.redactor);
		assertThat(redacted.getFormattedMessage()).isEqualTo("Chart 42");
		assertThat(redacted.getArgumentArray()).isNull();
	}

	@Test
	void ofWhenCauseIsSensitiveRedactsChainAndKeepsClassNamesAndFrames() {
		IllegalStateException exception = new IllegalStateException("Lookup failed",
				new IOException("ssn: \"123-45-6789\""));
		ILoggingEvent redacted = RedactedLoggingEvent.of(event("Lookup failed", exception), this.redactor);
		IThrowableProxy proxy = redacted.getThrowableProxy();
		assertThat(proxy).isNotNull();
		assertThat(proxy.getClassName()).isEqualTo(IllegalStateException.class.getName());
		assertThat(proxy.getMessage()).isEqualTo("Lookup failed");
		assertThat(proxy.getStackTraceElementProxyArray()).hasSize(exception.getStackTrace().length);
		assertThat(proxy.getCause()).satisfies((cause) -> {
			assertThat(cause.getClassName()).isEqualTo(IOException.class.getName());
			assertThat(cause.getMessage()).isEqualTo("ssn: \"[REDACTED]\"");
		});
	}

	@Test
	void ofWhenExceptionOverridesToStringRedactsIt() {
		Exception exception = new IllegalStateException() {

			@Override
			@SuppressWarnings("OverrideThrowableToString")
			public String toString() {
				return "Rejected Bearer abc123def456ghi";
			}

		};
		IThrowableProxy proxy = RedactedLoggingEvent.of(event("Rejected", exception), this.redactor)
			.getThrowableProxy();
		assertThat(proxy).isNotNull();
		assertThat(proxy.getOverridingMessage()).isEqualTo("Rejected Bearer [REDACTED]");
	}

	@Test
	void ofWhenStackTracePrinterNeedsThrowablePrintsRedactedCopy() {
		IllegalStateException exception = new IllegalStateException("ssn=123-45-6789",
				new IOException("Bearer abc123def456ghi"));
		exception.addSuppressed(new IllegalArgumentException("token hvs.CAESIJ4mZ2x7Qk9pLw3vYtRbNcDe"));
		IThrowableProxy proxy = RedactedLoggingEvent.of(event("Failed", exception), this.redactor).getThrowableProxy();
		assertThat(proxy).isInstanceOf(ThrowableProxy.class);
		Throwable throwable = ((ThrowableProxy) proxy).getThrowable();
		String printed = StandardStackTracePrinter.rootLast().printStackTraceToString(throwable);
		assertThat(printed).startsWith("java.lang.IllegalStateException: ssn=[REDACTED]")
			.contains("Caused by: java.io.IOException: Bearer [REDACTED]")
			.contains("Suppressed: java.lang.IllegalArgumentException: token [REDACTED]")
			.contains("at io.github.hipaagrpc.error.logback.RedactedLoggingEventTests")
			.doesNotContain("123-45-6789", "abc123def456ghi", "CAESIJ4mZ2x7");
	}

	private LoggingEvent event(String message, @Nullable Throwable throwable) {
		return new LoggingEvent("fqcn", this.logger, Level.WARN, message, throwable, null);
	}

}
