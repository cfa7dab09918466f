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

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.hipaagrpc.actuate.GrpcAuditHealthIndicator;
import io.github.hipaagrpc.actuate.GrpcEncryptionHealthIndicator;
import io.github.hipaagrpc.actuate.GrpcRateLimitStoreHealthIndicator;
import io.github.hipaagrpc.actuate.GrpcServerCertificateHealthIndicator;
import io.github.hipaagrpc.actuate.HipaaGrpcAuditEndpoint;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.github.hipaagrpc.autoconfigure.audit.HipaaGrpcAuditAutoConfiguration;
import io.github.hipaagrpc.autoconfigure.encryption.HipaaGrpcEncryptionAutoConfiguration;
import io.github.hipaagrpc.autoconfigure.ratelimit.HipaaGrpcRateLimitAutoConfiguration;
import io.github.hipaagrpc.autoconfigure.tls.HipaaGrpcTlsAutoConfiguration;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.ratelimit.HipaaGrpcRateLimitRedisBackend;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the health of the starter's
 * features: the gRPC server's certificate, contributed as {@code grpcServerCertificate}
 * and switched off with {@code management.health.grpcservercertificate.enabled=false},
 * and the shared rate-limit store, contributed as {@code grpcRateLimitStore} and switched
 * off with {@code management.health.grpcratelimitstore.enabled=false}, the audit trail,
 * contributed as {@code grpcAudit} and switched off with
 * {@code management.health.grpcaudit.enabled=false}, the keys of encryption at rest,
 * contributed as {@code grpcEncryption} and switched off with
 * {@code management.health.grpcencryption.enabled=false}, and the {@code hipaagrpcaudit}
 * endpoint that checks the audit trail's integrity.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		after = { HipaaGrpcTlsAutoConfiguration.class, HipaaGrpcRateLimitAutoConfiguration.class,
				HipaaGrpcAuditAutoConfiguration.class, HipaaGrpcEncryptionAutoConfiguration.class },
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public final class HipaaGrpcActuateAutoConfiguration {

	HipaaGrpcActuateAutoConfiguration() {
	}

	/**
	 * Health of the certificate that the gRPC server presents.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("grpcservercertificate")
	@ConditionalOnBean(HipaaGrpcTlsKeyMaterial.class)
	static class CertificateHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcServerCertificateHealthIndicator grpcServerCertificateHealthIndicator(HipaaGrpcTlsKeyMaterial keyMaterial,
				ObjectProvider<HipaaGrpcTlsCertificateRotation> rotation) {
			return new GrpcServerCertificateHealthIndicator(keyMaterial, rotation.getIfAvailable());
		}

	}

	/**
	 * Health of the shared store of rate limits.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Bucket4jLettuce.class)
	@ConditionalOnEnabledHealthIndicator("grpcratelimitstore")
	@ConditionalOnBean(HipaaGrpcRateLimitRedisBackend.class)
	static class RateLimitStoreHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcRateLimitStoreHealthIndicator grpcRateLimitStoreHealthIndicator(HipaaGrpcRateLimitRedisBackend backend) {
			return new GrpcRateLimitStoreHealthIndicator(backend);
		}

	}

	/**
	 * Health of the audit trail, also when it is switched off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HipaaGrpcAuditWriter.class)
	@ConditionalOnEnabledHealthIndicator("grpcaudit")
	static class AuditHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcAuditHealthIndicator grpcAuditHealthIndicator(ObjectProvider<HipaaGrpcAuditWriter> writer) {
			return new GrpcAuditHealthIndicator(writer.getIfAvailable());
		}

	}

	/**
	 * Health of the keys that encrypt ePHI at rest.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HipaaGrpcEncryption.class)
	@ConditionalOnEnabledHealthIndicator("grpcencryption")
	@ConditionalOnBean(HipaaGrpcEncryption.class)
	static class EncryptionHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GrpcEncryptionHealthIndicator grpcEncryptionHealthIndicator(HipaaGrpcEncryption encryption) {
			return new GrpcEncryptionHealthIndicator(encryption);
		}

	}

	/**
	 * Endpoint that checks the audit trail's integrity.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
	@ConditionalOnBean(HipaaGrpcAuditIntegrity.class)
	static class AuditEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		HipaaGrpcAuditEndpoint hipaaGrpcAuditEndpoint(HipaaGrpcAuditIntegrity integrity) {
			return new HipaaGrpcAuditEndpoint(integrity);
		}

	}

}
