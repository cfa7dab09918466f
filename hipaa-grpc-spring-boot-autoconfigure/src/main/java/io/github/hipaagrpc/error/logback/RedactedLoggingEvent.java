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

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import io.github.hipaagrpc.error.LogRedactor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * View of a log event whose formatted message and exception messages are redacted. The
 * raw message is replaced by the redacted formatted message and the arguments are
 * withheld, so that no encoder can format them again.
 */
final class RedactedLoggingEvent implements ILoggingEvent {

	private final ILoggingEvent event;

	private final @Nullable String message;

	private final @Nullable IThrowableProxy throwableProxy;

	private RedactedLoggingEvent(ILoggingEvent event, @Nullable String message,
			@Nullable IThrowableProxy throwableProxy) {
		this.event = event;
		this.message = message;
		this.throwableProxy = throwableProxy;
	}

	/**
	 * Return a redacted view of the given event, or the event itself when nothing in it
	 * needs masking.
	 * @param event the event
	 * @param redactor the redactor
	 * @return the event to encode
	 */
	static ILoggingEvent of(ILoggingEvent event, LogRedactor redactor) {
		String formatted = event.getFormattedMessage();
		String message = (formatted != null) ? redactor.redact(formatted) : null;
		IThrowableProxy proxy = event.getThrowableProxy();
		IThrowableProxy redactedProxy = (proxy != null) ? RedactedThrowableProxy.of(proxy, redactor) : null;
		boolean argumentsUnused = event.getArgumentArray() == null || event.getArgumentArray().length == 0;
		if (argumentsUnused && redactedProxy == proxy && Objects.equals(formatted, message)) {
			return event;
		}
		return new RedactedLoggingEvent(event, message, redactedProxy);
	}

	@Override
	public String getThreadName() {
		return this.event.getThreadName();
	}

	@Override
	public Level getLevel() {
		return this.event.getLevel();
	}

	@Override
	public @Nullable String getMessage() {
		return this.message;
	}

	@Override
	public Object @Nullable [] getArgumentArray() {
		return null;
	}

	@Override
	public @Nullable String getFormattedMessage() {
		return this.message;
	}

	@Override
	public String getLoggerName() {
		return this.event.getLoggerName();
	}

	@Override
	public LoggerContextVO getLoggerContextVO() {
		return this.event.getLoggerContextVO();
	}

	@Override
	public @Nullable IThrowableProxy getThrowableProxy() {
		return this.throwableProxy;
	}

	@Override
	public StackTraceElement[] getCallerData() {
		return this.event.getCallerData();
	}

	@Override
	public boolean hasCallerData() {
		return this.event.hasCallerData();
	}

	@Override
	public List<Marker> getMarkerList() {
		return this.event.getMarkerList();
	}

	@Override
	public Map<String, String> getMDCPropertyMap() {
		return this.event.getMDCPropertyMap();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Map<String, String> getMdc() {
		return this.event.getMDCPropertyMap();
	}

	@Override
	public long getTimeStamp() {
		return this.event.getTimeStamp();
	}

	@Override
	public int getNanoseconds() {
		return this.event.getNanoseconds();
	}

	@Override
	public Instant getInstant() {
		return this.event.getInstant();
	}

	@Override
	public long getSequenceNumber() {
		return this.event.getSequenceNumber();
	}

	@Override
	public List<KeyValuePair> getKeyValuePairs() {
		return this.event.getKeyValuePairs();
	}

	@Override
	public void prepareForDeferredProcessing() {
		this.event.prepareForDeferredProcessing();
	}

}
