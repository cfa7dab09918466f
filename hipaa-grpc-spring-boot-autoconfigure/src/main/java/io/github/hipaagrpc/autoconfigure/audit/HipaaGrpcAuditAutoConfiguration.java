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

package io.github.hipaagrpc.autoconfigure.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import io.github.hipaagrpc.audit.HipaaGrpcAuditAccessInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditChain;
import io.github.hipaagrpc.audit.HipaaGrpcAuditEmergencyInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditEventRecorder;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditJpaStore;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRepository;
import io.github.hipaagrpc.audit.HipaaGrpcAuditStore;
import io.github.hipaagrpc.audit.HipaaGrpcAuditSubjectInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.grpc.BindableService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the audit trail: one
 * tamper-evident record of every gRPC call and security event, kept through Spring Data
 * JPA in the application's database or a dedicated one.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration" })
@ConditionalOnClass({ BindableService.class, GlobalServerInterceptor.class, EntityManagerFactory.class,
		JpaRepositoryFactory.class, DataSourceScriptDatabaseInitializer.class })
@EnableConfigurationProperties(HipaaGrpcAuditProperties.class)
public final class HipaaGrpcAuditAutoConfiguration {

	static final String PREFIX = "hipaa.grpc.audit.";

	private static final Log logger = LogFactory.getLog(HipaaGrpcAuditAutoConfiguration.class);

	private HipaaGrpcAuditAutoConfiguration() {
	}

	/**
	 * PostgreSQL driver error messages without audit values, for Hikari pools.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.audit.enabled", matchIfMissing = true)
	@ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
	static class PostgresErrorDetailConfiguration {

		@Bean
		static PostgresErrorDetail hipaaGrpcPostgresErrorDetail() {
			return new PostgresErrorDetail();
		}

	}

	/**
	 * The audit trail, unless switched off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.audit.enabled", matchIfMissing = true)
	static class AuditTrailConfiguration {

		@Bean
		AuditDatabase hipaaGrpcAuditDatabase(HipaaGrpcAuditProperties properties, ObjectProvider<DataSource> dataSource,
				Environment environment) {
			AuditDatabase database = database(properties.getDatasource(), dataSource);
			if (database.isEmbedded() && !environment.acceptsProfiles(Profiles.of("dev"))) {
				logger.warn("Audit records are kept in an embedded database, which may be in memory and lost when "
						+ "the application stops; set spring.datasource.* or " + PREFIX + "datasource.url");
			}
			return database;
		}

		private static AuditDatabase database(HipaaGrpcAuditProperties.Datasource properties,
				ObjectProvider<DataSource> dataSource) {
			if (StringUtils.hasText(properties.getUrl())) {
				DataSourceBuilder<?> builder = DataSourceBuilder.create()
					.url(PostgresErrorDetail.hide(properties.getUrl()))
					.username(properties.getUsername())
					.password(properties.getPassword());
				if (StringUtils.hasText(properties.getDriverClassName())) {
					builder.driverClassName(properties.getDriverClassName());
				}
				return new AuditDatabase(builder.build(), true);
			}
			DataSource application = dataSource.getIfUnique();
			if (application == null) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "datasource.url", null,
						"Audit records need a database: define the application's DataSource (spring.datasource.*) "
								+ "or a dedicated one, or switch the audit trail off with " + PREFIX + "enabled=false");
			}
			return new AuditDatabase(application, false);
		}

		@Bean
		AuditSchemaInitializer hipaaGrpcAuditSchemaInitializer(AuditDatabase database,
				HipaaGrpcAuditProperties properties) {
			return new AuditSchemaInitializer(database, properties.getJdbc());
		}

		@Bean
		AuditPersistence hipaaGrpcAuditPersistence(AuditDatabase database, AuditSchemaInitializer schema,
				HipaaGrpcAuditProperties properties) {
			return new AuditPersistence(database, batchSize(properties.getQueue()));
		}

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcAuditRepository hipaaGrpcAuditRepository(AuditPersistence persistence) {
			return persistence.repository();
		}

		@Bean
		@ConditionalOnMissingBean(HipaaGrpcAuditStore.class)
		HipaaGrpcAuditJpaStore hipaaGrpcAuditStore(AuditPersistence persistence) {
			return new HipaaGrpcAuditJpaStore(persistence.repository(), persistence.transactions());
		}

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcAuditChain hipaaGrpcAuditChain(HipaaGrpcAuditProperties properties, AuditDatabase database) {
			String key = properties.getChainKey();
			if (StringUtils.hasText(key)) {
				byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
				if (bytes.length < HipaaGrpcAuditChain.MINIMUM_KEY_LENGTH) {
					throw new InvalidConfigurationPropertyValueException(PREFIX + "chain-key", "(hidden)",
							"The secret must have at least " + HipaaGrpcAuditChain.MINIMUM_KEY_LENGTH + " bytes");
				}
				return new HipaaGrpcAuditChain(bytes);
			}
			if (!database.isEmbedded()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "chain-key", null,
						"Set a secret of at least " + HipaaGrpcAuditChain.MINIMUM_KEY_LENGTH
								+ " bytes, kept outside the audit database and the same on every replica");
			}
			logger.warn("No " + PREFIX + "chain-key is set: audit records in the embedded database are chained "
					+ "with a random key that lives only as long as this process");
			byte[] random = new byte[HipaaGrpcAuditChain.MINIMUM_KEY_LENGTH];
			new SecureRandom().nextBytes(random);
			return new HipaaGrpcAuditChain(random);
		}

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcAuditWriter hipaaGrpcAuditWriter(HipaaGrpcAuditProperties properties, HipaaGrpcAuditStore store,
				HipaaGrpcAuditChain chain) {
			String replica = replica(properties);
			byte[] suffix = new byte[4];
			new SecureRandom().nextBytes(suffix);
			String chainId = limit(replica, 48) + "-" + HexFormat.of().formatHex(suffix);
			HipaaGrpcAuditWriter.Settings settings = new HipaaGrpcAuditWriter.Settings(replica, chainId,
					properties.getMode(), capacity(properties.getQueue()), batchSize(properties.getQueue()),
					positive("fail-closed-after", properties.getFailClosedAfter()),
					positive("checkpoint-interval", properties.getCheckpointInterval()),
					positive("shutdown-timeout", properties.getShutdownTimeout()));
			return new HipaaGrpcAuditWriter(store, chain, settings, (checkpoint) -> {
			});
		}

		@Bean
		@GlobalServerInterceptor
		@ConditionalOnMissingBean
		HipaaGrpcAuditInterceptor hipaaGrpcAuditInterceptor(HipaaGrpcAuditProperties properties,
				HipaaGrpcAuditWriter writer, HipaaGrpcAuditChain chain) {
			return new HipaaGrpcAuditInterceptor(writer, chain, properties.getPeerAddress(),
					positive("synchronous-timeout", properties.getSynchronousTimeout()));
		}

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcAuditIntegrity hipaaGrpcAuditIntegrity(HipaaGrpcAuditRepository repository, HipaaGrpcAuditChain chain,
				HipaaGrpcAuditWriter writer) {
			return new HipaaGrpcAuditIntegrity(repository, chain, () -> List.of(writer.getHead()));
		}

		@Bean
		HipaaGrpcAuditEventRecorder hipaaGrpcAuditEventRecorder(HipaaGrpcAuditWriter writer) {
			return new HipaaGrpcAuditEventRecorder(writer);
		}

		private static String replica(HipaaGrpcAuditProperties properties) {
			String replica = properties.getReplica();
			if (StringUtils.hasText(replica)) {
				return replica;
			}
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				return "unknown-host";
			}
		}

		private static String limit(String value, int length) {
			return (value.length() > length) ? value.substring(0, length) : value;
		}

		private static int capacity(HipaaGrpcAuditProperties.Queue queue) {
			if (queue.getCapacity() < 1) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "queue.capacity", queue.getCapacity(),
						"The queue must hold at least one record");
			}
			return queue.getCapacity();
		}

		private static int batchSize(HipaaGrpcAuditProperties.Queue queue) {
			if (queue.getBatchSize() < 1) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "queue.batch-size", queue.getBatchSize(),
						"A batch must hold at least one record");
			}
			return queue.getBatchSize();
		}

		private static Duration positive(String property, Duration duration) {
			if (duration.isNegative() || duration.isZero()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + property, duration,
						"The duration must be positive");
			}
			return duration;
		}

	}

	/**
	 * Who the caller is, where Spring Security's resource server is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.audit.enabled", matchIfMissing = true)
	@ConditionalOnClass({ SecurityContextHolder.class, JwtAuthenticationToken.class })
	static class AuditSubjectConfiguration {

		@Bean
		@GlobalServerInterceptor
		HipaaGrpcAuditSubjectInterceptor hipaaGrpcAuditSubjectInterceptor() {
			return new HipaaGrpcAuditSubjectInterceptor();
		}

		@Bean
		@GlobalServerInterceptor
		HipaaGrpcAuditAccessInterceptor hipaaGrpcAuditAccessInterceptor() {
			return new HipaaGrpcAuditAccessInterceptor();
		}

		@Bean
		@GlobalServerInterceptor
		HipaaGrpcAuditEmergencyInterceptor hipaaGrpcAuditEmergencyInterceptor() {
			return new HipaaGrpcAuditEmergencyInterceptor();
		}

	}

	/**
	 * Audit metrics, when Micrometer is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.audit.enabled", matchIfMissing = true)
	@ConditionalOnClass(MeterRegistry.class)
	static class AuditMetricsConfiguration {

		@Bean
		MeterBinder hipaaGrpcAuditMetrics(HipaaGrpcAuditWriter writer) {
			return (registry) -> {
				Gauge.builder("hipaa.grpc.audit.queue.depth", writer, HipaaGrpcAuditWriter::getQueueDepth)
					.description("Audit records waiting to be stored")
					.register(registry);
				Gauge.builder("hipaa.grpc.audit.fail.closed", writer, (w) -> w.isFailClosed() ? 1 : 0)
					.description("Whether new calls are refused because audit records cannot be stored")
					.register(registry);
				Gauge.builder("hipaa.grpc.audit.chain.length", writer, (w) -> w.getHead().length())
					.description("Committed length of this replica's audit chain")
					.register(registry);
				FunctionCounter.builder("hipaa.grpc.audit.records.written", writer, HipaaGrpcAuditWriter::getWritten)
					.description("Audit records stored")
					.register(registry);
				FunctionCounter.builder("hipaa.grpc.audit.records.lost", writer, HipaaGrpcAuditWriter::getLost)
					.description("Audit records that could not be kept")
					.register(registry);
				FunctionCounter.builder("hipaa.grpc.audit.calls.refused", writer, HipaaGrpcAuditWriter::getRefused)
					.description("Calls refused because their audit record could not be kept")
					.register(registry);
			};
		}

	}

	/**
	 * Warning that calls go unaudited.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.audit.enabled", havingValue = false)
	static class AuditSwitchedOffConfiguration {

		AuditSwitchedOffConfiguration() {
			logger.warn("The audit trail is switched off (" + PREFIX
					+ "enabled=false): gRPC calls are served without audit records, which HIPAA's audit controls "
					+ "require");
		}

	}

}
