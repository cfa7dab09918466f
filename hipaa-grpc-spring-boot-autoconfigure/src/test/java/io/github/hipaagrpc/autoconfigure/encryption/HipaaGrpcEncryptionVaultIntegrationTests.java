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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.hipaagrpc.actuate.GrpcEncryptionHealthIndicator;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryption;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionContext;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionException;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyUnavailableException;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrap;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrapReport;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionVaultKeyProvider;
import io.github.hipaagrpc.error.HipaaGrpcExceptionHandler;
import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.grpc.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Integration tests for {@link HipaaGrpcEncryptionAutoConfiguration} with data keys from
 * the Vault double's Transit engine and the data-key table in H2 and in a real
 * PostgreSQL.
 */
class HipaaGrpcEncryptionVaultIntegrationTests {

	private static final AtomicInteger databases = new AtomicInteger();

	private static LocalVaultServer vault;

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void start() throws IOException {
		vault = LocalVaultServer.start();
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stop() throws IOException {
		vault.close();
		postgres.close();
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void encryptionWhenMasterKeyRotatesAndRewrapRunsKeepsEveryValueReadable(Database database) {
		String keyName = transitKey();
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table clinical_note (id bigint primary key, note varchar(4096))");
		Map<Long, String> notes = notes(25);
		runner(dataSource, keyName).run((context) -> {
			HipaaGrpcEncryption encryption = context.getBean(HipaaGrpcEncryption.class);
			notes.forEach((id, note) -> jdbc.update("insert into clinical_note (id, note) values (?, ?)", id,
					encryption.encryptText(note, noteContext(id))));
			assertStoredWithoutPlaintext(jdbc);
			notes.forEach((id, note) -> assertThat(encryption.decryptText(storedNote(jdbc, id), noteContext(id)))
				.isEqualTo(note));
		});
		assertThat(dataKeyVersions(jdbc)).containsOnly(1).hasSize(3);
		String oldWrappedKey = jdbc
			.queryForList("select wrapped_key from hipaa_grpc_data_key order by wrapped_key", String.class)
			.get(0);
		String checksum = checksum(jdbc);
		int latest = vault.transit().rotateKey(keyName);
		runner(dataSource, keyName).run((context) -> {
			HipaaGrpcEncryptionRewrapReport report = context.getBean(HipaaGrpcEncryptionRewrap.class).rewrap();
			assertThat(report).isEqualTo(new HipaaGrpcEncryptionRewrapReport(3, 3, 0, latest));
		});
		assertThat(dataKeyVersions(jdbc)).containsOnly(latest).hasSize(3);
		assertThat(jdbc.queryForList("select wrapped_key from hipaa_grpc_data_key", String.class))
			.allSatisfy((wrapped) -> assertThat(wrapped).startsWith("vault:v" + latest + ":"));
		assertThat(checksum(jdbc)).isEqualTo(checksum);
		template().write("transit/keys/" + keyName + "/config", Map.of("min_decryption_version", latest));
		runner(dataSource, keyName).run((context) -> {
			HipaaGrpcEncryption encryption = context.getBean(HipaaGrpcEncryption.class);
			notes.forEach((id, note) -> assertThat(encryption.decryptText(storedNote(jdbc, id), noteContext(id)))
				.isEqualTo(note));
			HipaaGrpcEncryptionKeyProvider provider = context.getBean(HipaaGrpcEncryptionKeyProvider.class);
			assertThatExceptionOfType(HipaaGrpcEncryptionException.class)
				.isThrownBy(() -> provider.unwrap(oldWrappedKey))
				.satisfies(
						(ex) -> assertThat(ex.getReason()).isEqualTo(HipaaGrpcEncryptionException.Reason.KEY_REJECTED));
		});
	}

	@ParameterizedTest
	@EnumSource(Database.class)
	void encryptionWhenVaultIsSealedUsesKeysInMemoryAndNeverStoresPlaintext(Database database) {
		String keyName = transitKey();
		DataSource dataSource = database.create();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		runner(dataSource, keyName).withPropertyValues("hipaa.grpc.encryption.data-key.max-uses=3").run((context) -> {
			HipaaGrpcEncryption encryption = context.getBean(HipaaGrpcEncryption.class);
			String first = encryption.encryptText("Hypertension", noteContext(1L));
			vault.seal();
			try {
				String second = encryption.encryptText("Asthma", noteContext(2L));
				encryption.encryptText("Migraine", noteContext(3L));
				assertThat(encryption.decryptText(first, noteContext(1L))).isEqualTo("Hypertension");
				assertThat(encryption.decryptText(second, noteContext(2L))).isEqualTo("Asthma");
				assertThatExceptionOfType(HipaaGrpcEncryptionKeyUnavailableException.class)
					.isThrownBy(() -> encryption.encryptText("Anemia", noteContext(4L)))
					.satisfies((ex) -> assertThat(status(ex).getCode()).isEqualTo(Status.Code.UNAVAILABLE))
					.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("Anemia"));
				assertThat(dataKeyVersions(jdbc)).hasSize(1);
				Health sealed = new GrpcEncryptionHealthIndicator(encryption).health();
				assertThat(sealed.getStatus().getCode()).isEqualTo("DOWN");
				assertThat(sealed.getDetails()).containsEntry("reason", "KEY_UNAVAILABLE");
				runner(dataSource, keyName).run((restarted) -> assertThatExceptionOfType(
						HipaaGrpcEncryptionKeyUnavailableException.class)
					.isThrownBy(
							() -> restarted.getBean(HipaaGrpcEncryption.class).decryptText(first, noteContext(1L))));
			}
			finally {
				vault.unseal();
			}
			assertThat(encryption.encryptText("Anemia", noteContext(4L))).doesNotContain("Anemia");
			assertThat(dataKeyVersions(jdbc)).hasSize(2);
			Health unsealed = new GrpcEncryptionHealthIndicator(encryption).health();
			assertThat(unsealed.getStatus().getCode()).isEqualTo("UP");
			assertThat(unsealed.getDetails()).containsEntry("masterKeyVersion", 1);
		});
	}

	@Test
	void vaultKeyProviderWhenVaultIsStoppedFailsAsUnavailable() {
		LocalVaultServer stopped = LocalVaultServer.start();
		String keyName = "stopped";
		stopped.transit().createKey(keyName);
		VaultTemplate template = new VaultTemplate(VaultEndpoint.from(stopped.uri()),
				new TokenAuthentication(stopped.rootToken()));
		HipaaGrpcEncryptionVaultKeyProvider provider = new HipaaGrpcEncryptionVaultKeyProvider(template, "transit",
				keyName);
		HipaaGrpcEncryptionKeyProvider.GeneratedKey generated = provider.generate();
		assertThat(provider.unwrap(generated.wrapped().ciphertext())).isEqualTo(generated.plaintext());
		stopped.close();
		assertThatExceptionOfType(HipaaGrpcEncryptionKeyUnavailableException.class).isThrownBy(provider::generate);
		assertThatExceptionOfType(HipaaGrpcEncryptionKeyUnavailableException.class)
			.isThrownBy(() -> provider.unwrap(generated.wrapped().ciphertext()));
		assertThatExceptionOfType(HipaaGrpcEncryptionKeyUnavailableException.class).isThrownBy(provider::latestVersion);
	}

	private static ApplicationContextRunner runner(DataSource dataSource, String keyName) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HipaaGrpcEncryptionAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withBean(VaultTemplate.class, HipaaGrpcEncryptionVaultIntegrationTests::template)
			.withPropertyValues("hipaa.grpc.encryption.provider=vault",
					"hipaa.grpc.encryption.vault.key-name=" + keyName,
					"hipaa.grpc.encryption.jdbc.initialize-schema=always", "hipaa.grpc.encryption.data-key.max-uses=10",
					"hipaa.grpc.encryption.rewrap.interval=0");
	}

	private static VaultTemplate template() {
		return new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication(vault.rootToken()));
	}

	private static String transitKey() {
		String name = "ephi-" + UUID.randomUUID();
		vault.transit().createKey(name);
		return name;
	}

	private static Status status(Throwable ex) {
		return new HipaaGrpcExceptionHandler(List.of()).handleException(ex).getStatus();
	}

	private static HipaaGrpcEncryptionContext noteContext(Long id) {
		return HipaaGrpcEncryptionContext.of("ClinicalNote", "note", id);
	}

	private static Map<Long, String> notes(int count) {
		Map<Long, String> notes = new LinkedHashMap<>();
		for (long id = 1; id <= count; id++) {
			notes.put(id, "Note " + id + ": patient reports chest pain since Tuesday");
		}
		return notes;
	}

	private static String storedNote(JdbcTemplate jdbc, Long id) {
		return jdbc.queryForList("select note from clinical_note where id = ?", String.class, id).get(0);
	}

	private static void assertStoredWithoutPlaintext(JdbcTemplate jdbc) {
		List<String> stored = jdbc.queryForList("select note from clinical_note", String.class);
		assertThat(stored).hasSize(25).allSatisfy((note) -> {
			assertThat(note).doesNotContain("chest pain");
			String bytes = new String(Base64.getDecoder().decode(note), StandardCharsets.ISO_8859_1);
			assertThat(bytes).doesNotContain("chest pain").doesNotContain("patient");
		});
	}

	private static List<Integer> dataKeyVersions(JdbcTemplate jdbc) {
		return jdbc.queryForList("select master_key_version from hipaa_grpc_data_key", Integer.class);
	}

	private static String checksum(JdbcTemplate jdbc) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			jdbc.queryForList("select id, note from clinical_note order by id")
				.forEach((row) -> digest.update(line(row.get("id"), row.get("note"))));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] line(@Nullable Object id, @Nullable Object note) {
		return (id + ":" + note + "\n").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Databases the data-key table is tested on, a fresh one per test.
	 */
	enum Database {

		H2 {

			@Override
			DataSource create() {
				return new DriverManagerDataSource(
						"jdbc:h2:mem:encryption-" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
			}

		},

		POSTGRESQL {

			@Override
			DataSource create() {
				String name = "encryption_" + databases.incrementAndGet();
				new JdbcTemplate(postgres.getPostgresDatabase()).execute("create database " + name);
				return postgres.getDatabase("postgres", name);
			}

		};

		abstract DataSource create();

	}

}
