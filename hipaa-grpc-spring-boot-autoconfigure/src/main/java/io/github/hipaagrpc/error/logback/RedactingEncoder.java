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

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.github.hipaagrpc.error.LogRedactor;

/**
 * Encoder that hands its delegate a redacted view of each event.
 */
class RedactingEncoder extends EncoderBase<ILoggingEvent> {

	private final Encoder<ILoggingEvent> delegate;

	private volatile LogRedactor redactor;

	RedactingEncoder(Encoder<ILoggingEvent> delegate, LogRedactor redactor) {
		this.delegate = delegate;
		this.redactor = redactor;
		setContext(delegate.getContext());
		super.start();
	}

	Encoder<ILoggingEvent> getDelegate() {
		return this.delegate;
	}

	void setRedactor(LogRedactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return this.delegate.encode(RedactedLoggingEvent.of(event, this.redactor));
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

	@Override
	public void start() {
		this.delegate.start();
		super.start();
	}

	@Override
	public void stop() {
		this.delegate.stop();
		super.stop();
	}

}
