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

package io.github.hipaagrpc.autoconfigure.actuate;

import io.github.hipaagrpc.actuate.GrpcServerCertificateHealthIndicator;
import io.github.hipaagrpc.autoconfigure.tls.HipaaGrpcTlsAutoConfiguration;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the health of the gRPC server's
 * certificate, contributed as {@code grpcServerCertificate} and switched off with
 * {@code management.health.grpcservercertificate.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = HipaaGrpcTlsAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("grpcservercertificate")
@ConditionalOnBean(HipaaGrpcTlsKeyMaterial.class)
public final class HipaaGrpcActuateAutoConfiguration {

	HipaaGrpcActuateAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	GrpcServerCertificateHealthIndicator grpcServerCertificateHealthIndicator(HipaaGrpcTlsKeyMaterial keyMaterial,
			ObjectProvider<HipaaGrpcTlsCertificateRotation> rotation) {
		return new GrpcServerCertificateHealthIndicator(keyMaterial, rotation.getIfAvailable());
	}

}
