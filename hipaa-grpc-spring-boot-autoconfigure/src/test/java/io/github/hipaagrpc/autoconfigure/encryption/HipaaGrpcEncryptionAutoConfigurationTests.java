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

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hipaagrpc.actuate.GrpcEncryptionHealthIndicator;
import io.github.hipaagrpc.autoconfigure.actuate.HipaaGrpcActuateAutoConfiguration;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionContext;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionDevKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyStore;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrap;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionVaultKeyProvider;
import io.github.hipaagrpc.encryption.hibernate.HipaaGrpcEncryptionIntegrator;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.mock;

/**
 * Tests for {@link HipaaGrpcEncryptionAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcEncryptionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, HipaaGrpcEncryptionAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:encryption-" + UUID.randomUUID());

	@Test
	void encryptionWhenNothingIsSetIsNotConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(HipaaGrpcEncryption.class)
			.doesNotHaveBean(HipaaGrpcEncryptionKeyProvider.class));
	}

	@Test
	void encryptionWhenDevProviderInDevProfileIsConfiguredAndCreatesTheTable(CapturedOutput output) {
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcEncryption.class)
					.hasSingleBean(HipaaGrpcEncryptionDevKeyProvider.class)
					.hasSingleBean(HipaaGrpcEncryptionKeyStore.class)
					.hasSingleBean(HipaaGrpcEncryptionRewrap.class)
					.hasSingleBean(EncryptionRewrapScheduler.class);
				HipaaGrpcEncryption encryption = context.getBean(HipaaGrpcEncryption.class);
				HipaaGrpcEncryptionContext record = HipaaGrpcEncryptionContext.of("Patient", "name", 7);
				String stored = encryption.encryptText("Jane Roe", record);
				assertThat(encryption.decryptText(stored, record)).isEqualTo("Jane Roe");
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("select count(*) from hipaa_grpc_data_key", Integer.class)).isOne();
				assertThat(context.getBean(EncryptionRewrapScheduler.class).isScheduled()).isTrue();
				assertThat(output).contains("DEVELOPMENT MASTER KEY");
			});
	}

	@Test
	void encryptionWhenSwitchedOffBacksOffEvenWithAProvider() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.encryption.enabled=false", "hipaa.grpc.encryption.provider=dev",
					"spring.profiles.active=dev")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcEncryption.class));
	}

	@Test
	void hibernateIntegrationWhenEncryptionIsOnHandsAnIntegratorToHibernateKeepingExistingOnes() {
		Integrator existing = mock(Integrator.class);
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.run((context) -> {
				assertThat(context).hasSingleBean(HibernatePropertiesCustomizer.class);
				Map<String, Object> properties = new HashMap<>();
				IntegratorProvider provided = () -> List.of(existing);
				properties.put(JpaSettings.INTEGRATOR_PROVIDER, provided);
				context.getBean(HibernatePropertiesCustomizer.class).customize(properties);
				assertThat(properties.get(JpaSettings.INTEGRATOR_PROVIDER)).isInstanceOfSatisfying(
						IntegratorProvider.class,
						(provider) -> assertThat(provider.getIntegrators()).hasSize(2)
							.startsWith(existing)
							.last()
							.isInstanceOf(HipaaGrpcEncryptionIntegrator.class));
			});
	}

	@Test
	void hibernateIntegrationWhenHibernateIsMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HibernatePropertiesCustomizer.class))
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcEncryption.class)
				.doesNotHaveBean(HibernatePropertiesCustomizer.class));
	}

	@Test
	void encryptionWhenCaffeineIsMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcEncryption.class));
	}

	@Test
	void devProviderWhenDevProfileIsNotActiveFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.provider=dev")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hipaa.grpc.encryption.provider")
				.hasMessageContaining("'dev' profile"));
	}

	@Test
	void encryptionWhenEnabledWithoutProviderIsNotConfigured() {
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcEncryption.class));
	}

	@Test
	void encryptionWhenUserDefinesAProviderUsesIt() {
		HipaaGrpcEncryptionDevKeyProvider user = new HipaaGrpcEncryptionDevKeyProvider();
		this.contextRunner.withBean(HipaaGrpcEncryptionKeyProvider.class, () -> user)
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcEncryption.class)
				.getBean(HipaaGrpcEncryption.class)
				.extracting(HipaaGrpcEncryption::getProvider)
				.isSameAs(user));
	}

	@Test
	void encryptionWhenSwitchedOffBacksOffEvenWithAUserProvider() {
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.enabled=false")
			.withBean(HipaaGrpcEncryptionKeyProvider.class, HipaaGrpcEncryptionDevKeyProvider::new)
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcEncryption.class));
	}

	@Test
	void vaultProviderWhenKeyNameIsMissingFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.provider=vault")
			.withBean(VaultTemplate.class, HipaaGrpcEncryptionAutoConfigurationTests::template)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hipaa.grpc.encryption.vault.key-name"));
	}

	@Test
	void vaultProviderWhenThereIsNoVaultTemplateFailsNamingWhatToAdd() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.encryption.provider=vault", "hipaa.grpc.encryption.vault.key-name=ephi")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hipaa.grpc.encryption.provider")
				.hasMessageContaining("VaultTemplate"));
	}

	@Test
	void vaultProviderWhenConfiguredUsesTheVaultTemplate() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.encryption.provider=vault", "hipaa.grpc.encryption.vault.key-name=ephi",
					"hipaa.grpc.encryption.vault.transit-path=keys")
			.withBean(VaultTemplate.class, HipaaGrpcEncryptionAutoConfigurationTests::template)
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcEncryptionVaultKeyProvider.class)
				.getBean(HipaaGrpcEncryptionKeyProvider.class)
				.hasToString("Vault Transit key 'ephi' at 'keys'"));
	}

	@Test
	void vaultProviderWhenSpringVaultIsMissingFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(VaultOperations.class))
			.withPropertyValues("hipaa.grpc.encryption.provider=vault", "hipaa.grpc.encryption.vault.key-name=ephi")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hipaa.grpc.encryption.provider"));
	}

	@Test
	void encryptionWhenUserDefinesTheServiceUsesIt() {
		HipaaGrpcEncryption user = mock(HipaaGrpcEncryption.class);
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.withBean(HipaaGrpcEncryption.class, () -> user)
			.run((context) -> assertThat(context).getBean(HipaaGrpcEncryption.class).isSameAs(user));
	}

	@Test
	void dataKeyMaxUsesWhenNotPositiveFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev",
					"hipaa.grpc.encryption.data-key.max-uses=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hipaa.grpc.encryption.data-key.max-uses"));
	}

	@Test
	void rewrapSchedulerWhenIntervalIsZeroSchedulesNothing() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev",
					"hipaa.grpc.encryption.rewrap.interval=0")
			.run((context) -> assertThat(context.getBean(EncryptionRewrapScheduler.class).isScheduled()).isFalse());
	}

	@Test
	void healthIndicatorWhenEncryptionIsConfiguredReportsTheMasterKeyVersion() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(HipaaGrpcActuateAutoConfiguration.class))
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.run((context) -> {
				GrpcEncryptionHealthIndicator indicator = context.getBean(GrpcEncryptionHealthIndicator.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				assertThat(indicator.health().getDetails()).containsEntry("masterKeyVersion", 1)
					.containsEntry("provider", "Development master key in memory");
			});
	}

	@Test
	void metricsWhenBoundCountOperationsAndDataKeys() {
		this.contextRunner.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev")
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean("hipaaGrpcEncryptionMetrics", MeterBinder.class).bindTo(registry);
				HipaaGrpcEncryption encryption = context.getBean(HipaaGrpcEncryption.class);
				HipaaGrpcEncryptionContext record = HipaaGrpcEncryptionContext.of("Patient", "name", 7);
				encryption.decryptText(encryption.encryptText("Jane Roe", record), record);
				assertThat(registry.get("hipaa.grpc.encryption.operations")
					.tags("operation", "encrypt", "outcome", "success")
					.functionCounter()
					.count()).isOne();
				assertThat(registry.get("hipaa.grpc.encryption.operations")
					.tags("operation", "decrypt", "outcome", "success")
					.functionCounter()
					.count()).isOne();
				assertThat(registry.get("hipaa.grpc.encryption.data-keys.created").functionCounter().count()).isOne();
				assertThat(registry.get("hipaa.grpc.encryption.rewrap.keys").functionCounters()).hasSize(2);
			});
	}

	@Test
	void healthIndicatorWhenEncryptionIsNotConfiguredIsAbsent() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(HipaaGrpcActuateAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcEncryptionHealthIndicator.class));
	}

	private static VaultTemplate template() {
		return new VaultTemplate(VaultEndpoint.from(URI.create("http://localhost:8200")),
				new TokenAuthentication("unused"));
	}

}
