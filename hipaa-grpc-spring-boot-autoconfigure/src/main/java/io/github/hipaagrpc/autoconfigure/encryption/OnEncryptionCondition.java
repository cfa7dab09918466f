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

package io.github.hipaagrpc.autoconfigure.encryption;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when encryption is switched on explicitly or a key provider is chosen, and
 * never when it is switched off.
 */
class OnEncryptionCondition extends SpringBootCondition {

	static final String ENABLED_PROPERTY = "hipaa.grpc.encryption.enabled";

	static final String PROVIDER_PROPERTY = "hipaa.grpc.encryption.provider";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String enabled = environment.getProperty(ENABLED_PROPERTY);
		if ("false".equalsIgnoreCase(enabled)) {
			return ConditionOutcome.noMatch("'" + ENABLED_PROPERTY + "' is false");
		}
		if ("true".equalsIgnoreCase(enabled)) {
			return ConditionOutcome.match("'" + ENABLED_PROPERTY + "' is true");
		}
		if (StringUtils.hasText(environment.getProperty(PROVIDER_PROPERTY))) {
			return ConditionOutcome.match("'" + PROVIDER_PROPERTY + "' is set");
		}
		return ConditionOutcome.noMatch("neither '" + ENABLED_PROPERTY + "' nor '" + PROVIDER_PROPERTY + "' is set");
	}

}
