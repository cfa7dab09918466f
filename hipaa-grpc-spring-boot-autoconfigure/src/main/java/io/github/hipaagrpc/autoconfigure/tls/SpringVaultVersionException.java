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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the Spring Vault on the classpath is older than the 4.1 that the Vault
 * certificate source is built and tested against.
 */
class SpringVaultVersionException extends IllegalStateException {

	SpringVaultVersionException(@Nullable String version) {
		super("Vault PKI certificates for the gRPC server need Spring Vault 4.1 or later, but spring-vault-core '%s' is on the classpath"
			.formatted((version != null) ? version : "older than 4.1"));
	}

}
