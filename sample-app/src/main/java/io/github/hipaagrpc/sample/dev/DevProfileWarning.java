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

package io.github.hipaagrpc.sample.dev;

import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.log.LogMessage;

/**
 * Warns loudly at startup that the dev profile must never serve real patient data.
 *
 * @since 0.1.0
 */
public final class DevProfileWarning implements ApplicationListener<ApplicationStartedEvent> {

	private static final Log logger = LogFactory.getLog(DevProfileWarning.class);

	private static final String BORDER = "*".repeat(78);

	private final List<String> certificateLines;

	private DevProfileWarning(List<String> certificateLines) {
		this.certificateLines = certificateLines;
	}

	/**
	 * Create a warning for a gRPC server whose certificates come from the development CA.
	 * @param caFile the file holding the development CA certificate, for clients
	 * @return the warning
	 */
	public static DevProfileWarning developmentCa(Path caFile) {
		return new DevProfileWarning(List.of("  - gRPC TLS uses a throwaway development CA, trusted by nobody else",
				"  Development CA certificate for clients: '%s'".formatted(caFile)));
	}

	/**
	 * Create a warning for a gRPC server whose certificates come from another source.
	 * @param source the value of {@code hipaa.grpc.tls.certificate.source}
	 * @return the warning
	 */
	public static DevProfileWarning certificateSource(String source) {
		return new DevProfileWarning(List.of("  - gRPC TLS certificates come from the '%s' source".formatted(source)));
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		logger.warn(LogMessage.of(this::message));
	}

	private String message() {
		StringBuilder message = new StringBuilder(System.lineSeparator()).append(BORDER);
		line(message, "  DEV PROFILE: NOT FOR PRODUCTION AND NEVER FOR REAL PATIENT DATA");
		line(message, "  - the in-process authorization server hands out tokens for well-known secrets");
		line(message, "  - seed data only: every patient in this service is made up");
		this.certificateLines.forEach((text) -> line(message, text));
		return line(message, BORDER).toString();
	}

	private static StringBuilder line(StringBuilder message, String text) {
		return message.append(System.lineSeparator()).append(text);
	}

}
