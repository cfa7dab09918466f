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

package io.github.hipaagrpc.sample.scenario;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Configuration of the scripted scenario, which runs in the dev profile with tokens from
 * the in-process authorization server.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
@EnableConfigurationProperties(ScenarioProperties.class)
public class ScenarioConfiguration {

	@Bean
	@ConditionalOnBooleanProperty("sample.scenario.enabled")
	ScenarioRunner scenarioRunner(ScenarioProperties properties) {
		return new ScenarioRunner(properties, System.out);
	}

}
