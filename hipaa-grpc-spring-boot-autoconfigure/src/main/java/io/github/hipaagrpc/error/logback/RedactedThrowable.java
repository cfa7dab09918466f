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

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.hipaagrpc.error.LogRedactor;
import org.jspecify.annotations.Nullable;

/**
 * Copy of a logged exception, built from its {@link IThrowableProxy}, with redacted
 * messages. It prints like the original (class name, message, stack trace, causes and
 * suppressed exceptions), for stack trace printers that need a {@link Throwable}.
 */
final class RedactedThrowable extends Throwable {

	private static final long serialVersionUID = 1L;

	private final String className;

	private final @Nullable String overridingMessage;

	RedactedThrowable(IThrowableProxy source, LogRedactor redactor) {
		super(redact(source.getMessage(), redactor), cause(source, redactor), true, true);
		this.className = source.getClassName();
		this.overridingMessage = redact(source.getOverridingMessage(), redactor);
		setStackTrace(stackTrace(source.getStackTraceElementProxyArray()));
		for (IThrowableProxy suppressed : source.getSuppressed()) {
			addSuppressed(new RedactedThrowable(suppressed, redactor));
		}
	}

	String getClassName() {
		return this.className;
	}

	@Nullable String getOverridingMessage() {
		return this.overridingMessage;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

	// The first line of a printed stack trace is toString(): it must name the original
	// class, not this one.
	@Override
	@SuppressWarnings("OverrideThrowableToString")
	public String toString() {
		if (this.overridingMessage != null) {
			return this.overridingMessage;
		}
		String message = getLocalizedMessage();
		return (message != null) ? this.className + ": " + message : this.className;
	}

	static @Nullable String redact(@Nullable String text, LogRedactor redactor) {
		return (text != null) ? redactor.redact(text) : null;
	}

	private static @Nullable RedactedThrowable cause(IThrowableProxy source, LogRedactor redactor) {
		IThrowableProxy cause = source.getCause();
		return (cause != null) ? new RedactedThrowable(cause, redactor) : null;
	}

	private static StackTraceElement[] stackTrace(StackTraceElementProxy[] proxies) {
		StackTraceElement[] elements = new StackTraceElement[proxies.length];
		for (int i = 0; i < proxies.length; i++) {
			elements[i] = proxies[i].getStackTraceElement();
		}
		return elements;
	}

}
