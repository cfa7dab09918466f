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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionDevKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionJdbcKeyStore;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyStore;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrap;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionSettings;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionVaultKeyProvider;
import io.github.hipaagrpc.encryption.hibernate.HipaaGrpcEncryptionIntegrator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;
import org.springframework.vault.core.VaultOperations;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for envelope encryption of ePHI at
 * rest: AES-256-GCM data keys wrapped by a master key, stored in a table of their own and
 * rewrapped when the master key rotates. Active when a key provider is chosen with
 * {@code hipaa.grpc.encryption.provider} or defined as a bean, unless
 * {@code hipaa.grpc.encryption.enabled} is {@code false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ JdbcClient.class, Caffeine.class, DataSourceScriptDatabaseInitializer.class })
@ConditionalOnBooleanProperty(name = OnEncryptionCondition.ENABLED_PROPERTY, matchIfMissing = true)
@Conditional(OnEncryptionCondition.class)
@EnableConfigurationProperties(HipaaGrpcEncryptionProperties.class)
public final class HipaaGrpcEncryptionAutoConfiguration {

	static final String PREFIX = "hipaa.grpc.encryption.";

	private static final Log logger = LogFactory.getLog(HipaaGrpcEncryptionAutoConfiguration.class);

	HipaaGrpcEncryptionAutoConfiguration() {
	}

	@Bean
	EncryptionSchemaInitializer hipaaGrpcEncryptionSchemaInitializer(ObjectProvider<DataSource> dataSource,
			HipaaGrpcEncryptionProperties properties) {
		DataSource application = dataSource.getIfUnique();
		if (application == null) {
			throw new IllegalStateException("Encryption at rest keeps its data keys in the application's database: "
					+ "define one DataSource (spring.datasource.*)");
		}
		return new EncryptionSchemaInitializer(application, properties.getJdbc());
	}

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcEncryptionKeyStore hipaaGrpcEncryptionKeyStore(EncryptionSchemaInitializer schema) {
		return new HipaaGrpcEncryptionJdbcKeyStore(JdbcClient.create(schema.dataSource()));
	}

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcEncryption hipaaGrpcEncryption(ObjectProvider<HipaaGrpcEncryptionKeyProvider> provider,
			HipaaGrpcEncryptionKeyStore store, ApplicationEventPublisher eventPublisher,
			HipaaGrpcEncryptionProperties properties) {
		return new HipaaGrpcEncryption(provider(provider), store, eventPublisher, settings(properties.getDataKey()),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcEncryptionRewrap hipaaGrpcEncryptionRewrap(ObjectProvider<HipaaGrpcEncryptionKeyProvider> provider,
			HipaaGrpcEncryptionKeyStore store, ApplicationEventPublisher eventPublisher) {
		return new HipaaGrpcEncryptionRewrap(provider(provider), store, eventPublisher, Clock.systemUTC());
	}

	@Bean
	EncryptionRewrapScheduler hipaaGrpcEncryptionRewrapScheduler(HipaaGrpcEncryptionRewrap rewrap,
			HipaaGrpcEncryptionProperties properties) {
		Duration interval = properties.getRewrap().getInterval();
		if (interval.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "rewrap.interval", interval,
					"The interval must not be negative");
		}
		return new EncryptionRewrapScheduler(rewrap, interval);
	}

	private static HipaaGrpcEncryptionKeyProvider provider(ObjectProvider<HipaaGrpcEncryptionKeyProvider> provider) {
		HipaaGrpcEncryptionKeyProvider unique = provider.getIfUnique();
		if (unique == null) {
			throw new InvalidConfigurationPropertyValueException(OnEncryptionCondition.PROVIDER_PROPERTY, null,
					"Encryption needs a master key: choose 'vault' (a Vault Transit key, with Spring Vault on the "
							+ "classpath) or 'dev' (development only), or define one bean of type "
							+ HipaaGrpcEncryptionKeyProvider.class.getName());
		}
		return unique;
	}

	private static HipaaGrpcEncryptionSettings settings(HipaaGrpcEncryptionProperties.DataKey dataKey) {
		positive("data-key.max-uses", dataKey.getMaxUses(), dataKey.getMaxUses() > 0);
		positive("data-key.max-age", dataKey.getMaxAge(), positive(dataKey.getMaxAge()));
		positive("data-key.cache-size", dataKey.getCacheSize(), dataKey.getCacheSize() > 0);
		positive("data-key.cache-ttl", dataKey.getCacheTtl(), positive(dataKey.getCacheTtl()));
		return new HipaaGrpcEncryptionSettings(dataKey.getMaxUses(), dataKey.getMaxAge(), dataKey.getCacheSize(),
				dataKey.getCacheTtl());
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void positive(String name, Object value, boolean positive) {
		if (!positive) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, "The value must be positive");
		}
	}

	/**
	 * Counters of encryption, decryption, data keys and rewraps.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class EncryptionMetricsConfiguration {

		@Bean
		MeterBinder hipaaGrpcEncryptionMetrics(HipaaGrpcEncryption encryption, HipaaGrpcEncryptionRewrap rewrap) {
			return (registry) -> {
				operations(registry, encryption, "encrypt", "success", HipaaGrpcEncryption::getEncryptions);
				operations(registry, encryption, "decrypt", "success", HipaaGrpcEncryption::getDecryptions);
				operations(registry, encryption, "decrypt", "failure", HipaaGrpcEncryption::getFailedDecryptions);
				FunctionCounter
					.builder("hipaa.grpc.encryption.data-keys.created", encryption, HipaaGrpcEncryption::getCreatedKeys)
					.description("Data keys generated and stored by this instance")
					.register(registry);
				FunctionCounter
					.builder("hipaa.grpc.encryption.rewrap.keys", rewrap, HipaaGrpcEncryptionRewrap::getMoved)
					.tag("outcome", "moved")
					.description("Data keys examined by the rewrap job")
					.register(registry);
				FunctionCounter
					.builder("hipaa.grpc.encryption.rewrap.keys", rewrap, HipaaGrpcEncryptionRewrap::getFailed)
					.tag("outcome", "failed")
					.description("Data keys examined by the rewrap job")
					.register(registry);
			};
		}

		private static void operations(MeterRegistry registry, HipaaGrpcEncryption encryption, String operation,
				String outcome, ToDoubleFunction<HipaaGrpcEncryption> count) {
			FunctionCounter.builder("hipaa.grpc.encryption.operations", encryption, count)
				.tag("operation", operation)
				.tag("outcome", outcome)
				.description("Values encrypted or decrypted")
				.register(registry);
		}

	}

	/**
	 * Encryption of entity fields marked as ePHI, in the application's persistence unit.
	 * Boot's {@link HibernatePropertiesCustomizer} reaches exactly the persistence unit
	 * that Boot builds, and Hibernate's integrator provider setting hands it an
	 * integrator instance that holds the encryption bean. A service-loaded integrator
	 * would instead be created by Hibernate without access to beans and would join every
	 * persistence unit, the audit trail's own included.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HibernatePropertiesCustomizer.class, Integrator.class })
	static class HibernateEntityConfiguration {

		@Bean
		HibernatePropertiesCustomizer hipaaGrpcEncryptionHibernatePropertiesCustomizer(HipaaGrpcEncryption encryption) {
			return (properties) -> {
				List<Integrator> integrators = new ArrayList<>();
				if (properties.get(JpaSettings.INTEGRATOR_PROVIDER) instanceof IntegratorProvider existing) {
					integrators.addAll(existing.getIntegrators());
				}
				integrators.add(new HipaaGrpcEncryptionIntegrator(encryption));
				IntegratorProvider provider = () -> integrators;
				properties.put(JpaSettings.INTEGRATOR_PROVIDER, provider);
			};
		}

	}

	/**
	 * Master key in Vault's Transit secrets engine.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(VaultOperations.class)
	@ConditionalOnProperty(name = OnEncryptionCondition.PROVIDER_PROPERTY, havingValue = "vault")
	static class VaultKeyProviderConfiguration {

		@Bean
		@ConditionalOnMissingBean(HipaaGrpcEncryptionKeyProvider.class)
		HipaaGrpcEncryptionVaultKeyProvider hipaaGrpcEncryptionVaultKeyProvider(
				HipaaGrpcEncryptionProperties properties, ObjectProvider<VaultOperations> vaultOperations) {
			HipaaGrpcEncryptionProperties.Vault vault = properties.getVault();
			String keyName = vault.getKeyName();
			if (!StringUtils.hasText(keyName)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "vault.key-name", keyName,
						"Name the Vault Transit key that wraps data keys");
			}
			if (!StringUtils.hasText(vault.getTransitPath())) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "vault.transit-path",
						vault.getTransitPath(), "Name the path the Transit secrets engine is mounted at");
			}
			VaultOperations operations = vaultOperations.getIfAvailable();
			if (operations == null) {
				throw new InvalidConfigurationPropertyValueException(OnEncryptionCondition.PROVIDER_PROPERTY, "vault",
						"There is no Vault connection: add Spring Cloud Vault "
								+ "(org.springframework.cloud:spring-cloud-starter-vault-config) and configure "
								+ "'spring.cloud.vault.*', or define a VaultTemplate bean");
			}
			return new HipaaGrpcEncryptionVaultKeyProvider(operations, vault.getTransitPath().strip(), keyName.strip());
		}

	}

	/**
	 * Master key in memory, for the 'dev' profile only.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = OnEncryptionCondition.PROVIDER_PROPERTY, havingValue = "dev")
	static class DevKeyProviderConfiguration {

		@Bean
		@ConditionalOnMissingBean(HipaaGrpcEncryptionKeyProvider.class)
		HipaaGrpcEncryptionDevKeyProvider hipaaGrpcEncryptionDevKeyProvider(Environment environment) {
			if (!environment.acceptsProfiles(Profiles.of("dev"))) {
				throw new InvalidConfigurationPropertyValueException(OnEncryptionCondition.PROVIDER_PROPERTY, "dev",
						"The development master key is allowed only with the 'dev' profile active: "
								+ "choose 'vault' for any other environment");
			}
			logger.warn("ENCRYPTION AT REST USES A DEVELOPMENT MASTER KEY: a random key in memory, lost when the "
					+ "application stops together with every value encrypted under it. Never use "
					+ "'hipaa.grpc.encryption.provider=dev' with real ePHI");
			return new HipaaGrpcEncryptionDevKeyProvider();
		}

	}

}
