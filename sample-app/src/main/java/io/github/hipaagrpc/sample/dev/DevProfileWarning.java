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
public class DevProfileWarning implements ApplicationListener<ApplicationStartedEvent> {

	private static final Log logger = LogFactory.getLog(DevProfileWarning.class);

	private static final String BORDER = "*".repeat(78);

	private final DevPki pki;

	/**
	 * Create a new warning.
	 * @param pki the development PKI whose CA file the warning names
	 */
	public DevProfileWarning(DevPki pki) {
		this.pki = pki;
	}

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		logger.warn(LogMessage.format("%n%s%n%s%n%s%n%s%n%s%n%s%n%s", BORDER,
				"  DEV PROFILE: NOT FOR PRODUCTION AND NEVER FOR REAL PATIENT DATA",
				"  - gRPC TLS uses a throwaway development CA, trusted by nobody else",
				"  - the in-process authorization server hands out tokens for well-known secrets",
				"  - seed data only: every patient in this service is made up",
				"  Development CA certificate for clients: '%s'".formatted(this.pki.caFile()), BORDER));
	}

}
