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

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Log events of one logger and its children, recorded by a Logback list appender from a
 * given level on, until closed.
 */
final class CapturedLogs implements AutoCloseable {

	private final Logger logger;

	private final @Nullable Level previousLevel;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLogs(Logger logger, Level level) {
		this.logger = logger;
		this.previousLevel = logger.getLevel();
		this.appender.start();
		logger.addAppender(this.appender);
		logger.setLevel(level);
	}

	/**
	 * Start recording the events of the named logger and its children.
	 * @param name the logger name
	 * @param level the lowest level recorded
	 * @return the recording, which the caller closes
	 */
	static CapturedLogs of(String name, Level level) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		return new CapturedLogs(context.getLogger(name), level);
	}

	/**
	 * Return the events recorded so far.
	 * @return the events, oldest first
	 */
	List<ILoggingEvent> events() {
		return List.copyOf(this.appender.list);
	}

	/**
	 * Return the events of the named logger recorded so far.
	 * @param name the logger name
	 * @return the events, oldest first
	 */
	List<ILoggingEvent> events(String name) {
		return events().stream().filter((event) -> event.getLoggerName().equals(name)).toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.previousLevel);
		this.appender.stop();
	}

}
