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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.github.hipaagrpc.audit.HipaaGrpcAuditChain;
import io.github.hipaagrpc.audit.HipaaGrpcAuditEntry;
import io.github.hipaagrpc.audit.HipaaGrpcAuditEventRecorder;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditJpaStore;
import io.github.hipaagrpc.audit.HipaaGrpcAuditRepository;
import io.github.hipaagrpc.audit.HipaaGrpcAuditStore;
import io.github.hipaagrpc.audit.HipaaGrpcAuditSubjectInterceptor;
import io.github.hipaagrpc.audit.HipaaGrpcAuditWriter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HipaaGrpcAuditAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcAuditAutoConfigurationTests {

	private static final String CHAIN_KEY = "audit-chain-key-for-tests-only-0123456789";

	private static final String COUNT_RECORDS = "select count(*) from hipaa_grpc_audit_record";

	private static final String COUNT_AUDIT_TABLES = "select count(*) from information_schema.tables "
			+ "where lower(table_name) = 'hipaa_grpc_audit_record'";

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataSourceAutoConfiguration.class, HipaaGrpcAuditAutoConfiguration.class));

	private final ApplicationContextRunner withoutDataSourceContextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HipaaGrpcAuditAutoConfiguration.class));

	@Test
	void auditTrailWhenDataSourceExistsIsConfiguredAndWritesToIt(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAuditWriter.class)
				.hasSingleBean(HipaaGrpcAuditInterceptor.class)
				.hasSingleBean(HipaaGrpcAuditSubjectInterceptor.class)
				.hasSingleBean(HipaaGrpcAuditIntegrity.class)
				.hasSingleBean(HipaaGrpcAuditEventRecorder.class)
				.hasSingleBean(HipaaGrpcAuditRepository.class)
				.hasSingleBean(MeterBinder.class)
				.getBean(HipaaGrpcAuditStore.class)
				.isInstanceOf(HipaaGrpcAuditJpaStore.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			await().atMost(PATIENCE).until(() -> count(jdbc, COUNT_RECORDS) == 1);
			assertThat(output).doesNotContain("The audit trail is switched off");
		});
	}

	@Test
	void auditTrailWhenDisabledBacksOffAndWarns(CapturedOutput output) {
		this.contextRunner.withPropertyValues("hipaa.grpc.audit.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(HipaaGrpcAuditWriter.class)
				.doesNotHaveBean(HipaaGrpcAuditInterceptor.class)
				.doesNotHaveBean(HipaaGrpcAuditSubjectInterceptor.class)
				.doesNotHaveBean(HipaaGrpcAuditStore.class)
				.doesNotHaveBean(HipaaGrpcAuditIntegrity.class)
				.doesNotHaveBean(MeterBinder.class);
			assertThat(output).contains("The audit trail is switched off (hipaa.grpc.audit.enabled=false)");
		});
	}

	@Test
	void auditTrailWhenDisabledNeedsNoDatabase() {
		this.withoutDataSourceContextRunner.withPropertyValues("hipaa.grpc.audit.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HipaaGrpcAuditWriter.class));
	}

	@Test
	void auditTrailWhenNoDataSourceExistsFailsNamingTheDedicatedDatasourceUrl() {
		this.withoutDataSourceContextRunner
			.run((context) -> assertFailsNaming(context, "hipaa.grpc.audit.datasource.url"));
	}

	@Test
	void auditTrailWhenDedicatedDatasourceIsSetWritesThereRatherThanToTheApplicationDatabase() {
		String url = "jdbc:h2:mem:audit-" + UUID.randomUUID();
		this.contextRunner.withPropertyValues("hipaa.grpc.audit.datasource.url=" + url).run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate dedicated = new JdbcTemplate(new DriverManagerDataSource(url));
			await().atMost(PATIENCE).until(() -> count(dedicated, COUNT_RECORDS) == 1);
			JdbcTemplate application = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(count(application, COUNT_AUDIT_TABLES)).isZero();
		});
	}

	@Test
	void chainWhenDatabaseIsNotEmbeddedAndNoKeyIsSetFailsNamingTheChainKey(@TempDir Path directory) {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + directory.resolve("app"))
			.run((context) -> assertFailsNaming(context, "hipaa.grpc.audit.chain-key"));
	}

	@Test
	void chainWhenDatabaseIsNotEmbeddedAndKeyIsSetHashesWithThatKey(@TempDir Path directory) {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + directory.resolve("app"),
					"hipaa.grpc.audit.chain-key=" + CHAIN_KEY, "hipaa.grpc.audit.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HipaaGrpcAuditChain expected = new HipaaGrpcAuditChain(CHAIN_KEY.getBytes(StandardCharsets.UTF_8));
				assertThat(context.getBean(HipaaGrpcAuditChain.class).keyId()).isEqualTo(expected.keyId());
			});
	}

	@Test
	void auditTrailWhenDatabaseIsInMemoryOutsideTheDevProfileWarns(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAuditWriter.class);
			assertThat(output).contains("Audit records are kept in an embedded database");
		});
	}

	@Test
	void auditTrailWhenDatabaseIsInMemoryInTheDevProfileDoesNotWarn(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.profiles.active=dev").run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAuditWriter.class);
			assertThat(output).doesNotContain("Audit records are kept in an embedded database");
		});
	}

	@Test
	void chainWhenDatabaseIsEmbeddedAndNoKeyIsSetUsesARandomKeyAndWarns(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAuditChain.class);
			assertThat(output).contains("No hipaa.grpc.audit.chain-key is set");
		});
	}

	@Test
	void chainWhenKeyIsShorterThan32BytesFailsNamingTheChainKeyWithoutShowingIt(CapturedOutput output) {
		String shortKey = "too-short-secret-31-bytes-long!";
		this.contextRunner.withPropertyValues("hipaa.grpc.audit.chain-key=" + shortKey).run((context) -> {
			assertFailsNaming(context, "hipaa.grpc.audit.chain-key");
			for (Throwable failure = context.getStartupFailure(); failure != null; failure = failure.getCause()) {
				assertThat(String.valueOf(failure.getMessage())).doesNotContain(shortKey);
			}
			assertThat(output).doesNotContain(shortKey);
		});
	}

	@Test
	void storeWhenUserDefinesOneIsUsedByTheWriter() {
		RecordingStore store = new RecordingStore();
		this.contextRunner.withBean(HipaaGrpcAuditStore.class, () -> store).run((context) -> {
			assertThat(context).doesNotHaveBean(HipaaGrpcAuditJpaStore.class)
				.getBean(HipaaGrpcAuditStore.class)
				.isSameAs(store);
			await().atMost(PATIENCE).until(() -> !store.entries.isEmpty());
			assertThat(store.entries.get(0).getEventType()).isEqualTo("audit.chain.started");
		});
	}

	@Test
	void chainWhenUserDefinesOneHashesTheRecords() {
		HipaaGrpcAuditChain chain = new HipaaGrpcAuditChain(
				"another-audit-chain-key-for-tests-0123456789".getBytes(StandardCharsets.UTF_8));
		this.contextRunner.withBean(HipaaGrpcAuditChain.class, () -> chain).run((context) -> {
			assertThat(context).getBean(HipaaGrpcAuditChain.class).isSameAs(chain);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			await().atMost(PATIENCE).until(() -> count(jdbc, COUNT_RECORDS) == 1);
			assertThat(jdbc.queryForList("select key_id from hipaa_grpc_audit_record", String.class))
				.containsExactly(chain.keyId());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "queue.capacity=0", "queue.batch-size=0", "fail-closed-after=0s", "synchronous-timeout=0s",
			"checkpoint-interval=-1s", "shutdown-timeout=0s" })
	void auditTrailWhenValueIsInvalidFailsNamingTheProperty(String setting) {
		String property = "hipaa.grpc.audit." + setting.substring(0, setting.indexOf('='));
		this.contextRunner.withPropertyValues("hipaa.grpc.audit." + setting)
			.run((context) -> assertFailsNaming(context, property));
	}

	private static void assertFailsNaming(AssertableApplicationContext context, String property) {
		assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(ex) -> assertThat(ex.getName()).isEqualTo(property));
	}

	private static int count(JdbcTemplate jdbc, String sql) {
		Integer count = jdbc.queryForObject(sql, Integer.class);
		return (count != null) ? count : 0;
	}

	/**
	 * Store of the user's own that keeps entries in memory.
	 */
	static class RecordingStore implements HipaaGrpcAuditStore {

		final List<HipaaGrpcAuditEntry> entries = new CopyOnWriteArrayList<>();

		@Override
		public void append(List<HipaaGrpcAuditEntry> entries) {
			this.entries.addAll(entries);
		}

		@Override
		public boolean contains(UUID id) {
			return this.entries.stream().anyMatch((entry) -> entry.getId().equals(id));
		}

	}

}
