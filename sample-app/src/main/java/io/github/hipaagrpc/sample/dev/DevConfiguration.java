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

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * Configuration of the dev profile: the development CA behind the gRPC server's SSL
 * bundle, the claims of the dev clients' tokens, and a warning that this is not for
 * production.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
@EnableConfigurationProperties(DevPkiProperties.class)
public class DevConfiguration {

	@Bean
	DevPki devPki(DevPkiProperties properties) {
		return DevPki.create(properties.getDirectory());
	}

	@Bean
	DevPkiSslBundleRegistrar devPkiSslBundleRegistrar(Environment environment, DevPki devPki) {
		String bundleName = environment.getRequiredProperty("spring.grpc.server.ssl.bundle");
		return new DevPkiSslBundleRegistrar(bundleName, devPki);
	}

	@Bean
	DevClientClaimsCustomizer devClientClaimsCustomizer() {
		return new DevClientClaimsCustomizer();
	}

	@Bean
	DevProfileWarning devProfileWarning(DevPki devPki) {
		return new DevProfileWarning(devPki);
	}

}
