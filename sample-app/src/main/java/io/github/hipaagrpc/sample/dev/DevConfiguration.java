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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * Configuration of the dev profile: the claims of the dev clients' tokens, the
 * development CA as the gRPC server's certificate source, and a warning that this is not
 * for production.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
@EnableConfigurationProperties(DevPkiProperties.class)
public class DevConfiguration {

	static final String CERTIFICATE_SOURCE_PROPERTY = "hipaa.grpc.tls.certificate.source";

	@Bean
	DevClientClaimsCustomizer devClientClaimsCustomizer() {
		return new DevClientClaimsCustomizer();
	}

	@Bean
	DevProfileWarning devProfileWarning(Environment environment, ObjectProvider<DevPki> devPki) {
		DevPki pki = devPki.getIfAvailable();
		return (pki != null) ? DevProfileWarning.developmentCa(pki.caFile())
				: DevProfileWarning.certificateSource(environment.getProperty(CERTIFICATE_SOURCE_PROPERTY, "bundle"));
	}

	/**
	 * The development CA, when the dev profile serves its own certificates
	 * ({@code custom} source) rather than, for example, Vault's.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = CERTIFICATE_SOURCE_PROPERTY, havingValue = "custom")
	static class DevPkiConfiguration {

		@Bean
		DevPki devPki(DevPkiProperties properties) {
			return DevPki.create(properties.getDirectory());
		}

		@Bean
		DevPkiCertificateSource devPkiCertificateSource(DevPki devPki, DevPkiProperties properties) {
			return new DevPkiCertificateSource(devPki, properties.getCertificateLifetime());
		}

	}

}
