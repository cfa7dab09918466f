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

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.spi.ConfigurationEventListener;
import ch.qos.logback.core.spi.ContextAware;
import io.github.hipaagrpc.error.LogRedactor;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

/**
 * Puts a {@link LogRedactor} in front of the encoder of every Logback appender that
 * writes to a stream (console, file and rolling file appenders, also behind an async
 * appender), so that the formatted message of every event and the messages of its
 * exception, causes and suppressed exceptions are redacted before they are written,
 * whatever the pattern or structured format. Installing again swaps the redactor of
 * wrapped encoders and wraps appenders added since, and the redaction is applied again
 * each time Logback finishes reconfiguring itself (for example when it rescans a changed
 * configuration file).
 * <p>
 * Appenders that do not write through an encoder (such as a syslog, SMTP, database or
 * OpenTelemetry appender) read the event themselves and are not covered. See #3.
 *
 * @since 0.1.0
 */
public final class LogbackRedaction {

	private static final Map<LoggerContext, ReapplyOnConfiguration> reapplications = Collections
		.synchronizedMap(new WeakHashMap<>());

	private LogbackRedaction() {
	}

	/**
	 * Install the redactor in the Logback context that SLF4J is bound to.
	 * @param redactor the redactor
	 * @return whether Logback is the bound logging backend and the redactor was installed
	 */
	public static boolean install(LogRedactor redactor) {
		Assert.notNull(redactor, "'redactor' must not be null");
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (factory instanceof LoggerContext context) {
			install(context, redactor);
			return true;
		}
		return false;
	}

	/**
	 * Install the redactor in the given Logback context.
	 * @param context the Logback context
	 * @param redactor the redactor
	 */
	public static void install(LoggerContext context, LogRedactor redactor) {
		Assert.notNull(context, "'context' must not be null");
		Assert.notNull(redactor, "'redactor' must not be null");
		ReapplyOnConfiguration reapply = reapplications.computeIfAbsent(context,
				(key) -> new ReapplyOnConfiguration(redactor));
		reapply.redactor = redactor;
		context.removeConfigurationEventListener(reapply);
		context.addConfigurationEventListener(reapply);
		redactAppenders(context, redactor);
	}

	private static void redactAppenders(LoggerContext context, LogRedactor redactor) {
		for (Logger logger : context.getLoggerList()) {
			redactAppenders(logger.iteratorForAppenders(), redactor);
		}
	}

	private static void redactAppenders(Iterator<Appender<ILoggingEvent>> appenders, LogRedactor redactor) {
		while (appenders.hasNext()) {
			Appender<ILoggingEvent> appender = appenders.next();
			if (appender instanceof OutputStreamAppender<ILoggingEvent> outputStreamAppender) {
				redactEncoder(outputStreamAppender, redactor);
			}
			if (appender instanceof AppenderAttachable<?> attachable) {
				redactAppenders(nested(attachable), redactor);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static Iterator<Appender<ILoggingEvent>> nested(AppenderAttachable<?> attachable) {
		return ((AppenderAttachable<ILoggingEvent>) attachable).iteratorForAppenders();
	}

	private static void redactEncoder(OutputStreamAppender<ILoggingEvent> appender, LogRedactor redactor) {
		Encoder<ILoggingEvent> encoder = appender.getEncoder();
		if (encoder instanceof RedactingEncoder redactingEncoder) {
			redactingEncoder.setRedactor(redactor);
		}
		else if (encoder != null) {
			appender.setEncoder(new RedactingEncoder(encoder, redactor));
		}
	}

	/**
	 * Applies the redaction again once Logback has configured its context anew.
	 */
	private static final class ReapplyOnConfiguration implements ConfigurationEventListener {

		private volatile LogRedactor redactor;

		ReapplyOnConfiguration(LogRedactor redactor) {
			this.redactor = redactor;
		}

		@Override
		public void listen(ConfigurationEvent event) {
			if (isEnd(event.getEventType()) && event.getData() instanceof ContextAware configurator
					&& configurator.getContext() instanceof LoggerContext context) {
				redactAppenders(context, this.redactor);
			}
		}

		private static boolean isEnd(ConfigurationEvent.EventType type) {
			return type == ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY
					|| type == ConfigurationEvent.EventType.PARTIAL_CONFIGURATION_ENDED_SUCCESSFULLY
					|| type == ConfigurationEvent.EventType.CONFIGURATION_ENDED_WITH_XML_PARSING_ERRORS;
		}

	}

}
