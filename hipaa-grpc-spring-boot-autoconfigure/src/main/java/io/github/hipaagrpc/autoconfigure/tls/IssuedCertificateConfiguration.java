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

import java.time.Clock;
import java.time.Duration;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificate;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateSource;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.log.LogMessage;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.certificate.CertificateContainer;
import org.springframework.vault.support.VaultCertificateRequest;

/**
 * Certificates for the gRPC listener from a certificate source that issues them, when
 * {@code hipaa.grpc.tls.certificate.source} is {@code vault} (Vault's PKI secrets engine,
 * unless the application defines its own source) or {@code custom} (the application's
 * {@link HipaaGrpcTlsCertificateSource} bean). The first certificate is obtained at
 * startup, which fails without it, and a rotation renews it before it expires. The Vault
 * connection is the application's own, usually Spring Cloud Vault's.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(IssuedCertificateConfiguration.OnIssuingSourceCondition.class)
@ConditionalOnBooleanProperty(name = MeshSettings.ENABLED_PROPERTY, havingValue = false, matchIfMissing = true)
@ConditionalOnBean(name = ProbeListenerConfiguration.SERVER_LIFECYCLE)
class IssuedCertificateConfiguration {

	private static final Log logger = LogFactory.getLog(IssuedCertificateConfiguration.class);

	private static final String VAULT_OPERATIONS = "org.springframework.vault.core.VaultOperations";

	private static final String CERTIFICATE_CONTAINER = "org.springframework.vault.core.certificate.CertificateContainer";

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcTlsKeyMaterial hipaaGrpcTlsKeyMaterial(HipaaGrpcTlsCertificateSource source,
			HipaaGrpcTlsProperties properties, GrpcServerProperties serverProperties) {
		ServerKeyMaterial.requireTls(serverProperties.getSsl());
		CertificateSettings.rotation(properties);
		HipaaGrpcTlsCertificate certificate = source.obtain();
		logger.info(LogMessage.format("Serving gRPC certificate serial '%s' not after '%s' from %s",
				certificate.serialNumber(), certificate.notAfter(), source));
		return new HipaaGrpcTlsKeyMaterial(certificate.privateKey(), certificate.certificateChain(),
				certificate.trustAnchors());
	}

	@Bean
	ConnectionAgeCheck hipaaGrpcTlsConnectionAgeCheck(HipaaGrpcTlsProperties properties,
			GrpcServerProperties serverProperties) {
		double renewAt = CertificateSettings.rotation(properties).renewAt();
		return new ConnectionAgeCheck(serverProperties, renewAt, Clock.systemUTC());
	}

	@Bean
	CertificateRotationScheduler hipaaGrpcTlsCertificateScheduler() {
		return new CertificateRotationScheduler();
	}

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcTlsCertificateRotation hipaaGrpcTlsCertificateRotation(HipaaGrpcTlsCertificateSource source,
			HipaaGrpcTlsKeyMaterial keyMaterial, CertificateRotationScheduler scheduler,
			HipaaGrpcTlsProperties properties, ApplicationEventPublisher eventPublisher) {
		return new HipaaGrpcTlsCertificateRotation(source, keyMaterial, scheduler.taskScheduler(),
				CertificateSettings.rotation(properties), eventPublisher);
	}

	@Bean
	TrustAnchorRefresh hipaaGrpcTlsTrustAnchorRefresh(HipaaGrpcTlsCertificateRotation rotation,
			CertificateRotationScheduler scheduler, HipaaGrpcTlsProperties properties) {
		Duration interval = properties.getVault().getTrustRefreshInterval();
		if (interval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(
					CertificateSettings.VAULT_PREFIX + "trust-refresh-interval", interval,
					"The interval must not be negative");
		}
		return new TrustAnchorRefresh(rotation, scheduler.taskScheduler(), interval);
	}

	/**
	 * Refusal to start when the {@code custom} source is chosen and the application
	 * defines none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "custom")
	static class CustomSourceConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcTlsCertificateSource hipaaGrpcTlsCustomCertificateSource() {
			throw new InvalidConfigurationPropertyValueException(CertificateSettings.SOURCE_PROPERTY, "custom",
					"No certificate source is defined: add a bean of type "
							+ HipaaGrpcTlsCertificateSource.class.getName() + ", or choose 'bundle' or 'vault'");
		}

	}

	/**
	 * Vault PKI source on the application's Vault connection.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "vault")
	@ConditionalOnClass({ VaultOperations.class, CertificateContainer.class })
	static class VaultPkiSourceConfiguration {

		@Bean
		@ConditionalOnMissingBean(HipaaGrpcTlsCertificateSource.class)
		HipaaGrpcTlsVaultCertificateSource hipaaGrpcTlsVaultCertificateSource(HipaaGrpcTlsProperties properties,
				ObjectProvider<VaultOperations> vaultOperations, ObjectProvider<SessionManager> sessionManager) {
			HipaaGrpcTlsProperties.Vault vault = properties.getVault();
			String pkiPath = CertificateSettings.required(vault.getPkiPath(), "pki-path");
			String role = CertificateSettings.required(vault.getRole(), "role");
			VaultCertificateRequest request = request(vault);
			VaultOperations operations = vaultOperations.getIfAvailable();
			if (operations == null) {
				throw new InvalidConfigurationPropertyValueException(CertificateSettings.SOURCE_PROPERTY, "vault",
						"There is no Vault connection: add Spring Cloud Vault "
								+ "(org.springframework.cloud:spring-cloud-starter-vault-config) and configure "
								+ "'spring.cloud.vault.*', or define a VaultTemplate bean");
			}
			return new HipaaGrpcTlsVaultCertificateSource(operations, pkiPath, role, request,
					sessionManager.getIfUnique());
		}

		private static VaultCertificateRequest request(HipaaGrpcTlsProperties.Vault vault) {
			return VaultCertificateRequest.builder()
				.commonName(CertificateSettings.required(vault.getCommonName(), "common-name"))
				.altNames(vault.getAltNames())
				.ipSubjectAltNames(vault.getIpSans())
				.uriSubjectAltNames(vault.getUriSans())
				.ttl(CertificateSettings.ttl(vault))
				.build();
		}

	}

	/**
	 * Refusal to start with a Spring Vault older than 4.1, as pinned by Spring Cloud's
	 * BOM when it is imported before Spring Vault's own version is declared.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "vault")
	@ConditionalOnClass(name = VAULT_OPERATIONS)
	@ConditionalOnMissingClass(CERTIFICATE_CONTAINER)
	static class OutdatedSpringVaultConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcTlsCertificateSource hipaaGrpcTlsVaultCertificateSource() {
			throw new SpringVaultVersionException(VaultOperations.class.getPackage().getImplementationVersion());
		}

	}

	/**
	 * Refusal to start without Spring Vault on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "vault")
	@ConditionalOnMissingClass(VAULT_OPERATIONS)
	static class MissingSpringVaultConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcTlsCertificateSource hipaaGrpcTlsVaultCertificateSource() {
			throw new InvalidConfigurationPropertyValueException(CertificateSettings.SOURCE_PROPERTY, "vault",
					"Spring Vault is not on the classpath: add Spring Cloud Vault "
							+ "(org.springframework.cloud:spring-cloud-starter-vault-config) or "
							+ "org.springframework.vault:spring-vault-core 4.1 or later");
		}

	}

	/**
	 * Matches when the certificate source is one that issues certificates.
	 */
	static class OnIssuingSourceCondition extends AnyNestedCondition {

		OnIssuingSourceCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		/**
		 * Vault PKI.
		 */
		@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "vault")
		static class VaultSource {

		}

		/**
		 * The application's own source.
		 */
		@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "custom")
		static class CustomSource {

		}

	}

}
