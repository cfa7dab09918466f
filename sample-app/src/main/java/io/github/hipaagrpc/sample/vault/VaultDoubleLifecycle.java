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

package io.github.hipaagrpc.sample.vault;

import io.github.hipaagrpc.test.vault.LocalVaultServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.log.LogMessage;

/**
 * Warns loudly once the application has started that its Vault is a double, and stops the
 * double when the application stops or fails to start.
 */
class VaultDoubleLifecycle implements ApplicationListener<ApplicationEvent> {

	private static final Log logger = LogFactory.getLog(VaultDoubleLifecycle.class);

	private static final String BORDER = "*".repeat(78);

	private final LocalVaultServer vault;

	private final String pkiPath;

	private final String role;

	VaultDoubleLifecycle(LocalVaultServer vault, String pkiPath, String role) {
		this.vault = vault;
		this.pkiPath = pkiPath;
		this.role = role;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationStartedEvent) {
			logger.warn(LogMessage.of(this::warning));
		}
		else if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
			this.vault.close();
		}
	}

	private String warning() {
		String caUri = "%s/v1/%s/ca/pem".formatted(this.vault.uri(), this.pkiPath);
		return String.join(System.lineSeparator(), "", BORDER, "  VAULT DOUBLE: NOT A VAULT SERVER, NOT FOR PRODUCTION",
				"  - an in-memory imitation of Vault's HTTP API from the test kit at '%s'".formatted(this.vault.uri()),
				"  - its PKI CA is new at every start and trusted by nobody else; clients read it",
				"    from '%s'".formatted(caUri),
				"  - gRPC certificates come from its PKI role '%s' and the starter renews them".formatted(this.role),
				BORDER);
	}

}
