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

package io.github.hipaagrpc.tls;

import java.time.Instant;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the gRPC listener starts serving a renewed certificate.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsCertificateRotatedEvent extends ApplicationEvent {

	private final String previousSerialNumber;

	private final String serialNumber;

	private final Instant notAfter;

	/**
	 * Create an event.
	 * @param source the rotation that renewed the certificate
	 * @param previousSerialNumber the serial number of the certificate replaced, in
	 * hexadecimal
	 * @param serialNumber the serial number of the new certificate, in hexadecimal
	 * @param notAfter the end of the new certificate's validity
	 */
	public HipaaGrpcTlsCertificateRotatedEvent(Object source, String previousSerialNumber, String serialNumber,
			Instant notAfter) {
		super(source);
		this.previousSerialNumber = previousSerialNumber;
		this.serialNumber = serialNumber;
		this.notAfter = notAfter;
	}

	public String getPreviousSerialNumber() {
		return this.previousSerialNumber;
	}

	public String getSerialNumber() {
		return this.serialNumber;
	}

	public Instant getNotAfter() {
		return this.notAfter;
	}

}
