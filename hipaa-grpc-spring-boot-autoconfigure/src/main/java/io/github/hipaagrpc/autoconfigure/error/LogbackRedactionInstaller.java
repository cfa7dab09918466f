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

package io.github.hipaagrpc.autoconfigure.error;

import io.github.hipaagrpc.error.LogRedactor;
import io.github.hipaagrpc.error.logback.LogbackRedaction;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Installs the application context's redactor in Logback once every singleton exists, so
 * that ePHI fields registered during startup are masked from then on and appenders added
 * during startup are covered.
 */
class LogbackRedactionInstaller implements SmartInitializingSingleton {

	private final LogRedactor redactor;

	LogbackRedactionInstaller(LogRedactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public void afterSingletonsInstantiated() {
		LogbackRedaction.install(this.redactor);
	}

}
