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

import java.util.Objects;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.github.hipaagrpc.error.LogRedactor;
import org.jspecify.annotations.Nullable;

/**
 * Throwable proxy whose messages, and those of its causes and suppressed exceptions, are
 * redacted. It keeps the class names, stack frames and packaging data of the original,
 * and its {@link #getThrowable() throwable} is a {@link RedactedThrowable}, so that
 * converters and stack trace printers alike see only redacted text.
 */
final class RedactedThrowableProxy extends ThrowableProxy {

	private final IThrowableProxy source;

	private final RedactedThrowable throwable;

	private final @Nullable IThrowableProxy cause;

	private final IThrowableProxy[] suppressed;

	private RedactedThrowableProxy(IThrowableProxy source, RedactedThrowable throwable) {
		super(throwable);
		this.source = source;
		this.throwable = throwable;
		IThrowableProxy sourceCause = source.getCause();
		Throwable throwableCause = throwable.getCause();
		this.cause = (sourceCause != null && throwableCause instanceof RedactedThrowable redactedCause)
				? new RedactedThrowableProxy(sourceCause, redactedCause) : null;
		this.suppressed = suppressed(source.getSuppressed(), throwable.getSuppressed());
	}

	/**
	 * Return a redacted view of the given proxy, or the proxy itself when no message in
	 * it needs masking.
	 * @param proxy the proxy of the logged exception
	 * @param redactor the redactor
	 * @return the proxy to encode
	 */
	static IThrowableProxy of(IThrowableProxy proxy, LogRedactor redactor) {
		if (!needsRedaction(proxy, redactor)) {
			return proxy;
		}
		return new RedactedThrowableProxy(proxy, new RedactedThrowable(proxy, redactor));
	}

	private static boolean needsRedaction(IThrowableProxy proxy, LogRedactor redactor) {
		if (changes(proxy.getMessage(), redactor) || changes(proxy.getOverridingMessage(), redactor)) {
			return true;
		}
		IThrowableProxy cause = proxy.getCause();
		if (cause != null && needsRedaction(cause, redactor)) {
			return true;
		}
		for (IThrowableProxy suppressed : proxy.getSuppressed()) {
			if (needsRedaction(suppressed, redactor)) {
				return true;
			}
		}
		return false;
	}

	private static boolean changes(@Nullable String text, LogRedactor redactor) {
		return text != null && !Objects.equals(text, redactor.redact(text));
	}

	private static IThrowableProxy[] suppressed(IThrowableProxy[] sources, Throwable[] throwables) {
		IThrowableProxy[] suppressed = new IThrowableProxy[Math.min(sources.length, throwables.length)];
		for (int i = 0; i < suppressed.length; i++) {
			suppressed[i] = new RedactedThrowableProxy(sources[i], (RedactedThrowable) throwables[i]);
		}
		return suppressed;
	}

	@Override
	public Throwable getThrowable() {
		return this.throwable;
	}

	@Override
	public @Nullable String getMessage() {
		return this.throwable.getMessage();
	}

	@Override
	public @Nullable String getOverridingMessage() {
		return this.throwable.getOverridingMessage();
	}

	@Override
	public String getClassName() {
		return this.source.getClassName();
	}

	@Override
	public StackTraceElementProxy[] getStackTraceElementProxyArray() {
		return this.source.getStackTraceElementProxyArray();
	}

	@Override
	public int getCommonFrames() {
		return this.source.getCommonFrames();
	}

	@Override
	public boolean isCyclic() {
		return this.source.isCyclic();
	}

	@Override
	public @Nullable IThrowableProxy getCause() {
		return this.cause;
	}

	@Override
	public IThrowableProxy[] getSuppressed() {
		return this.suppressed;
	}

}
