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

import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyProvider;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches when a master key is chosen by property or defined as a bean: without one there
 * is nothing to encrypt with.
 */
class OnEncryptionCondition extends AnyNestedCondition {

	static final String ENABLED_PROPERTY = "hipaa.grpc.encryption.enabled";

	static final String PROVIDER_PROPERTY = "hipaa.grpc.encryption.provider";

	OnEncryptionCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	/**
	 * A provider is chosen by property.
	 */
	@ConditionalOnProperty(PROVIDER_PROPERTY)
	static class ProviderChosen {

	}

	/**
	 * A provider is defined as a bean.
	 */
	@ConditionalOnBean(HipaaGrpcEncryptionKeyProvider.class)
	static class ProviderDefined {

	}

}
