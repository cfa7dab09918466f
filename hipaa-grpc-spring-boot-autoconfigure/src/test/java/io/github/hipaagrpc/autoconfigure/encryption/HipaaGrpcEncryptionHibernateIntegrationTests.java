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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.sql.DataSource;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionException;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionException.Reason;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyUnavailableException;
import io.github.hipaagrpc.ephi.Ephi;
import io.github.hipaagrpc.error.HipaaGrpcExceptionHandler;
import io.grpc.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import org.assertj.core.api.AbstractThrowableAssert;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Integration tests for encryption of entity fields marked {@code @Ephi}, through the
 * application's Hibernate persistence unit on H2 and a real PostgreSQL.
 */
class HipaaGrpcEncryptionHibernateIntegrationTests {

	private static final AtomicInteger databases = new AtomicInteger();

	private static final String DIAGNOSIS = "Type 2 diabetes mellitus without complications";

	private static final String ALLERGIES = "Penicillin, anaphylaxis";

	private static final byte[] SCAN = "retina scan of the left eye".getBytes(StandardCharsets.UTF_8);

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void start() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stop() throws IOException {
		postgres.close();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenStoredHoldsCiphertextAndReadsBackPlaintext(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart persisted = inTransaction(context, (entityManager) -> {
				Chart chart = chart();
				entityManager.persist(chart);
				entityManager.flush();
				assertThat(chart.diagnosis).isEqualTo(DIAGNOSIS);
				return chart;
			});
			Note note = inTransaction(context, (entityManager) -> {
				Note created = new Note("Follow-up in two weeks, HbA1c 7.9%");
				entityManager.persist(created);
				return created;
			});
			String storedDiagnosis = raw(jdbc, "diagnosis", persisted.id);
			assertThat(storedDiagnosis).doesNotContain("diabetes");
			byte[] decoded = Base64.getDecoder().decode(storedDiagnosis);
			assertThat(decoded[0]).isEqualTo((byte) 1);
			assertThat(new String(decoded, StandardCharsets.ISO_8859_1)).doesNotContain("diabetes");
			byte[] storedScan = rawBytes(jdbc, persisted.id);
			assertThat(storedScan[0]).isEqualTo((byte) 1);
			assertThat(new String(storedScan, StandardCharsets.ISO_8859_1)).doesNotContain("retina");
			String storedNote = jdbc.queryForObject("select text from note where id = ?", String.class, note.id);
			assertThat(storedNote).doesNotContain("HbA1c");
			assertThat(jdbc.queryForObject("select ward from chart where id = ?", String.class, persisted.id))
				.isEqualTo("East 4");
			Chart loaded = find(context, Chart.class, persisted.id);
			assertThat(loaded.diagnosis).isEqualTo(DIAGNOSIS);
			assertThat(loaded.allergies).isEqualTo(ALLERGIES);
			assertThat(loaded.scan).isEqualTo(SCAN);
			assertThat(find(context, Note.class, note.id).text).isEqualTo("Follow-up in two weeks, HbA1c 7.9%");
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenValueIsNullStoresNull(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = new Chart();
			chart.ward = "West 2";
			inTransaction(context, (entityManager) -> persist(entityManager, chart));
			assertThat(raw(jdbc, "diagnosis", chart.id)).isNull();
			Chart loaded = find(context, Chart.class, chart.id);
			assertThat(loaded.diagnosis).isNull();
			assertThat(loaded.scan).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenStoredValueIsAlteredFailsToLoadAsTampered(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			byte[] stored = Base64.getDecoder().decode(raw(jdbc, "diagnosis", chart.id));
			stored[stored.length - 5] ^= 0x01;
			jdbc.update("update chart set diagnosis = ? where id = ?", Base64.getEncoder().encodeToString(stored),
					chart.id);
			assertTampered(context, chart.id);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenBinaryValueIsAlteredFailsToLoadAsTampered(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			byte[] stored = rawBytes(jdbc, chart.id);
			stored[30] ^= 0x01;
			jdbc.update("update chart set scan = ? where id = ?", stored, chart.id);
			assertTampered(context, chart.id);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenValueIsCopiedFromAnotherRowFailsToLoadAsTampered(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart first = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			Chart second = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			jdbc.update("update chart set diagnosis = ? where id = ?", raw(jdbc, "diagnosis", first.id), second.id);
			assertThat(find(context, Chart.class, first.id).diagnosis).isEqualTo(DIAGNOSIS);
			assertTampered(context, second.id);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenValueIsCopiedFromAnotherFieldFailsToLoadAsTampered(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			jdbc.update("update chart set diagnosis = ? where id = ?", raw(jdbc, "allergies", chart.id), chart.id);
			assertTampered(context, chart.id);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenLoadedAndUnchangedIsNotWrittenAgain(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			String stored = raw(jdbc, "diagnosis", chart.id);
			inTransaction(context, (entityManager) -> {
				Chart loaded = entityManager.find(Chart.class, chart.id);
				entityManager.flush();
				return loaded;
			});
			assertThat(raw(jdbc, "diagnosis", chart.id)).isEqualTo(stored);
			assertThat(find(context, Chart.class, chart.id).diagnosis).isEqualTo(DIAGNOSIS);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenPersistedAndFlushedAgainIsNotWrittenAgain(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Note note = new Note("Patient declines statins");
			@Nullable String[] stored = new String[1];
			inTransaction(context, (entityManager) -> {
				entityManager.persist(note);
				entityManager.flush();
				stored[0] = jdbc.queryForObject("select text from note where id = ?", String.class, note.id);
				entityManager.flush();
				return note;
			});
			assertThat(jdbc.queryForObject("select text from note where id = ?", String.class, note.id))
				.isEqualTo(stored[0]);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWithDynamicUpdateWhenUnrelatedFieldChangesKeepsCiphertext(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			String stored = raw(jdbc, "diagnosis", chart.id);
			inTransaction(context, (entityManager) -> {
				Chart loaded = entityManager.find(Chart.class, chart.id);
				loaded.ward = "ICU";
				return loaded;
			});
			assertThat(jdbc.queryForObject("select ward from chart where id = ?", String.class, chart.id))
				.isEqualTo("ICU");
			assertThat(raw(jdbc, "diagnosis", chart.id)).isEqualTo(stored);
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWithoutDynamicUpdateWhenUnrelatedFieldChangesEncryptsAgain(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Note note = inTransaction(context, (entityManager) -> persist(entityManager, new Note("Stable")));
			String stored = jdbc.queryForObject("select text from note where id = ?", String.class, note.id);
			inTransaction(context, (entityManager) -> {
				Note loaded = entityManager.find(Note.class, note.id);
				loaded.author = "dr-lee";
				return loaded;
			});
			assertThat(jdbc.queryForObject("select text from note where id = ?", String.class, note.id))
				.isNotEqualTo(stored);
			Note loaded = find(context, Note.class, note.id);
			assertThat(loaded.text).isEqualTo("Stable");
			assertThat(loaded.author).isEqualTo("dr-lee");
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void entityWhenMarkedFieldChangesStoresTheNewValue(Database database) {
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource).run((context) -> {
			Chart chart = inTransaction(context, (entityManager) -> persist(entityManager, chart()));
			inTransaction(context, (entityManager) -> {
				Chart loaded = entityManager.find(Chart.class, chart.id);
				loaded.diagnosis = "Type 1 diabetes mellitus";
				return loaded;
			});
			assertThat(raw(jdbc, "diagnosis", chart.id)).doesNotContain("diabetes");
			assertThat(find(context, Chart.class, chart.id).diagnosis).isEqualTo("Type 1 diabetes mellitus");
		});
	}

	@Test
	void entityWithIdentityIdentifierAndMarkedFieldFailsStartupNamingIt() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HipaaGrpcEncryptionAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class))
			.withBean(DataSource.class, Database.H2::create)
			.withBean(PersistenceManagedTypes.class, () -> PersistenceManagedTypes.of(Visit.class.getName()))
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev",
					"hipaa.grpc.encryption.jdbc.initialize-schema=always", "spring.jpa.hibernate.ddl-auto=create-drop")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Field 'reason' of entity 'Visit' is marked @Ephi")
				.hasMessageContaining("IDENTITY"));
	}

	@Test
	void entityWithMarkedFieldOfAnotherTypeFailsStartupNamingIt() {
		startupFailure(Admission.class).hasMessageContaining(
				"Field 'admittedOn' of entity 'Admission' is marked @Ephi but has type 'java.time.LocalDate'");
	}

	@Test
	void entityWithMarkedFieldInEmbeddableFailsStartupNamingIt() {
		startupFailure(Referral.class)
			.hasMessageContaining("Embedded 'address' of entity 'Referral' has fields marked @Ephi");
	}

	private static AbstractThrowableAssert<?, ?> startupFailure(Class<?> entity) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HipaaGrpcEncryptionAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class))
			.withBean(DataSource.class, Database.H2::create)
			.withBean(PersistenceManagedTypes.class, () -> PersistenceManagedTypes.of(entity.getName()))
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev",
					"spring.jpa.hibernate.ddl-auto=create-drop");
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		runner.run((context) -> failure.set(context.getStartupFailure()));
		return assertThat(failure.get()).isNotNull().rootCause();
	}

	@Test
	void entityWhenEncryptionIsOffIsStoredAsIs() {
		DataSource dataSource = Database.H2.create();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HipaaGrpcEncryptionAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withBean(PersistenceManagedTypes.class, () -> PersistenceManagedTypes.of(Note.class.getName()))
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("hipaaGrpcEncryptionHibernatePropertiesCustomizer");
				Note note = inTransaction(context, (entityManager) -> persist(entityManager, new Note("Plain")));
				assertThat(new JdbcTemplate(dataSource).queryForObject("select text from note where id = ?",
						String.class, note.id))
					.isEqualTo("Plain");
			});
	}

	@Test
	void entityWhenKeysAreUnavailableIsNotStoredAndAnswersUnavailable() {
		DataSource dataSource = Database.H2.create();
		HipaaGrpcEncryptionKeyProvider offline = mock(HipaaGrpcEncryptionKeyProvider.class);
		given(offline.generate()).willThrow(new HipaaGrpcEncryptionKeyUnavailableException("Offline", null));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HipaaGrpcEncryptionAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withBean(HipaaGrpcEncryptionKeyProvider.class, () -> offline)
			.withBean(PersistenceManagedTypes.class, () -> PersistenceManagedTypes.of(Note.class.getName()))
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop", "hipaa.grpc.encryption.rewrap.interval=0")
			.run((context) -> {
				assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> inTransaction(context, (entityManager) -> persist(entityManager, new Note("x"))))
					.satisfies((ex) -> assertThat(status(ex).getCode()).isEqualTo(Status.Code.UNAVAILABLE));
				assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from note", Integer.class))
					.isZero();
			});
	}

	private static Status status(Throwable ex) {
		return new HipaaGrpcExceptionHandler(List.of()).handleException(ex).getStatus();
	}

	private static void assertTampered(AssertableApplicationContext context, @Nullable Object id) {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> find(context, Chart.class, id))
			.satisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(HipaaGrpcEncryptionException.class,
					(encryption) -> assertThat(encryption.getReason()).isEqualTo(Reason.TAMPERED)))
			.satisfies((ex) -> {
				Status status = status(ex);
				assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
				assertThat(status.getDescription()).isEqualTo("Stored data could not be protected or read");
			});
	}

	private static ApplicationContextRunner runner(DataSource dataSource) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HipaaGrpcEncryptionAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withBean(PersistenceManagedTypes.class,
					() -> PersistenceManagedTypes.of(Chart.class.getName(), Note.class.getName()))
			.withPropertyValues("hipaa.grpc.encryption.provider=dev", "spring.profiles.active=dev",
					"hipaa.grpc.encryption.jdbc.initialize-schema=always", "hipaa.grpc.encryption.rewrap.interval=0",
					"spring.jpa.hibernate.ddl-auto=create-drop");
	}

	private static <T> T inTransaction(AssertableApplicationContext context, Function<EntityManager, T> work) {
		EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
		TransactionTemplate transactions = new TransactionTemplate(new JpaTransactionManager(factory));
		T result = transactions.execute((status) -> work.apply(entityManager(factory)));
		if (result == null) {
			throw new IllegalStateException("No result");
		}
		return result;
	}

	private static EntityManager entityManager(EntityManagerFactory factory) {
		EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(factory);
		if (entityManager == null) {
			throw new IllegalStateException("No transactional EntityManager");
		}
		return entityManager;
	}

	private static <T> T find(AssertableApplicationContext context, Class<T> type, @Nullable Object id) {
		return inTransaction(context, (entityManager) -> entityManager.find(type, id));
	}

	private static <T> T persist(EntityManager entityManager, T entity) {
		entityManager.persist(entity);
		return entity;
	}

	private static Chart chart() {
		Chart chart = new Chart();
		chart.diagnosis = DIAGNOSIS;
		chart.allergies = ALLERGIES;
		chart.scan = SCAN.clone();
		chart.ward = "East 4";
		return chart;
	}

	private static @Nullable String raw(JdbcTemplate jdbc, String column, @Nullable Object id) {
		return jdbc.queryForObject("select " + column + " from chart where id = ?", String.class, id);
	}

	private static byte[] rawBytes(JdbcTemplate jdbc, @Nullable Object id) {
		byte[] stored = jdbc.queryForObject("select scan from chart where id = ?", byte[].class, id);
		if (stored == null) {
			throw new IllegalStateException("No stored scan");
		}
		return stored;
	}

	/**
	 * Chart with a UUID identifier, two encrypted text fields and an encrypted binary
	 * one.
	 */
	@Entity(name = "Chart")
	@DynamicUpdate
	static class Chart {

		@Id
		@GeneratedValue(strategy = GenerationType.UUID)
		@Nullable UUID id;

		@Ephi
		@Column(length = 1024)
		@Nullable String diagnosis;

		@Ephi
		@Column(length = 1024)
		@Nullable String allergies;

		@Ephi
		@Column(length = 1024)
		byte @Nullable [] scan;

		@Nullable String ward;

	}

	/**
	 * Note with a sequence identifier and one encrypted field.
	 */
	@Entity(name = "Note")
	static class Note {

		@Id
		@GeneratedValue(strategy = GenerationType.SEQUENCE)
		@Nullable Long id;

		@Ephi
		@Column(length = 1024)
		@Nullable String text;

		@Nullable String author;

		Note() {
		}

		Note(String text) {
			this.text = text;
		}

	}

	/**
	 * Visit whose identifier the database assigns on insert.
	 */
	@Entity(name = "Visit")
	static class Visit {

		@Id
		@GeneratedValue(strategy = GenerationType.IDENTITY)
		@Nullable Long id;

		@Ephi
		@Nullable String reason;

	}

	/**
	 * Admission with a marked field that cannot be encrypted.
	 */
	@Entity(name = "Admission")
	static class Admission {

		@Id
		@Nullable UUID id;

		@Ephi
		@Nullable LocalDate admittedOn;

	}

	/**
	 * Referral with a marked field inside an embeddable.
	 */
	@Entity(name = "Referral")
	static class Referral {

		@Id
		@Nullable UUID id;

		@Embedded
		@Nullable Address address;

	}

	/**
	 * Address with a marked field.
	 */
	@Embeddable
	static class Address {

		@Ephi
		@Nullable String street;

	}

	/**
	 * Databases the entities are stored in, a fresh one per test.
	 */
	enum Database {

		H2 {

			@Override
			DataSource create() {
				return new DriverManagerDataSource(
						"jdbc:h2:mem:entities-" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
			}

		},

		POSTGRESQL {

			@Override
			DataSource create() {
				String name = "entities_" + databases.incrementAndGet();
				new JdbcTemplate(postgres.getPostgresDatabase()).execute("create database " + name);
				return postgres.getDatabase("postgres", name);
			}

		};

		abstract DataSource create();

	}

}
