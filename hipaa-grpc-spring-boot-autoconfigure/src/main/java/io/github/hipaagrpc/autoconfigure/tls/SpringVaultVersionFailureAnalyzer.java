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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Failure analyzer for a Spring Vault older than 4.1, naming the BOM order that brings
 * it.
 */
class SpringVaultVersionFailureAnalyzer extends AbstractFailureAnalyzer<SpringVaultVersionException> {

	private static final String ACTION = """
			Spring Cloud's BOM (spring-cloud-dependencies) pins spring-vault-core 4.0.x, and with Maven the first \
			version declared in dependencyManagement wins. Import io.github.hipaagrpc:hipaa-grpc-spring-boot-dependencies \
			in <dependencyManagement> before the spring-cloud-dependencies import (or declare \
			org.springframework.vault:spring-vault-core 4.1.0 or later there), or with Gradle add a constraint on \
			org.springframework.vault:spring-vault-core:4.1.0""";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SpringVaultVersionException cause) {
		return new FailureAnalysis(cause.getMessage(), ACTION, cause);
	}

}
