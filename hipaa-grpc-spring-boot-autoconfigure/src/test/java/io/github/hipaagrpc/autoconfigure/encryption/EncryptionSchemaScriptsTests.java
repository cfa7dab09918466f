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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionJdbcKeyStore;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyProvider;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the data-key schema scripts the starter ships run as Flyway migrations and
 * again over an existing table, on a real PostgreSQL and on H2, and that
 * {@link HipaaGrpcEncryptionJdbcKeyStore} works on the tables they create.
 */
class EncryptionSchemaScriptsTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Test
	void postgresqlScriptWhenRunByFlywayCreatesTheDataKeyTable(@TempDir Path migrations) throws IOException {
		migrateTwice("postgresql", postgres.getPostgresDatabase(), migrations);
	}

	@Test
	void h2ScriptWhenRunByFlywayCreatesTheDataKeyTable(@TempDir Path migrations) throws IOException {
		DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:encryption-scripts;DB_CLOSE_DELAY=-1", "sa",
				"");
		migrateTwice("h2", dataSource, migrations);
	}

	private static void migrateTwice(String platform, DataSource dataSource, Path migrations) throws IOException {
		Files.writeString(migrations.resolve("V9__hipaa_grpc_data_key.sql"), script(platform));
		MigrateResult result = Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:" + migrations)
			.load()
			.migrate();
		assertThat(result.success).isTrue();
		assertThat(result.migrationsExecuted).isEqualTo(1);
		HipaaGrpcEncryptionJdbcKeyStore store = new HipaaGrpcEncryptionJdbcKeyStore(JdbcClient.create(dataSource));
		Instant created = Instant.parse("2026-12-01T10:00:00.123456Z");
		UUID first = UUID.fromString("00000000-0000-0000-0000-000000000001");
		UUID second = UUID.fromString("ffffffff-0000-0000-0000-000000000002");
		store.save(new HipaaGrpcEncryptionKeyStore.StoredKey(second, "vault:v1:b", 1, created, null));
		store.save(new HipaaGrpcEncryptionKeyStore.StoredKey(first, "vault:v1:a", 1, created, null));
		new JdbcTemplate(dataSource).execute(script(platform));
		assertThat(store.find(first))
			.isEqualTo(new HipaaGrpcEncryptionKeyStore.StoredKey(first, "vault:v1:a", 1, created, null));
		assertThat(store.findOlderThan(2, null, 10)).extracting(HipaaGrpcEncryptionKeyStore.StoredKey::id)
			.containsExactly(first, second);
		assertThat(store.findOlderThan(2, first, 10)).extracting(HipaaGrpcEncryptionKeyStore.StoredKey::id)
			.containsExactly(second);
		Instant rewrapped = created.plusSeconds(60);
		HipaaGrpcEncryptionKeyProvider.WrappedKey replacement = new HipaaGrpcEncryptionKeyProvider.WrappedKey(
				"vault:v2:a", 2);
		assertThat(store.replace(first, "vault:v1:stale", replacement, rewrapped)).isFalse();
		assertThat(store.replace(first, "vault:v1:a", replacement, rewrapped)).isTrue();
		assertThat(store.find(first))
			.isEqualTo(new HipaaGrpcEncryptionKeyStore.StoredKey(first, "vault:v2:a", 2, created, rewrapped));
		assertThat(store.findOlderThan(2, null, 10)).extracting(HipaaGrpcEncryptionKeyStore.StoredKey::id)
			.containsExactly(second);
		assertThat(store.find(UUID.randomUUID())).isNull();
		assertThat(new JdbcTemplate(dataSource)
			.queryForObject("select created_at from hipaa_grpc_data_key where id = ?", Timestamp.class, first))
			.isEqualTo(Timestamp.from(created));
	}

	private static String script(String platform) throws IOException {
		String location = "io/github/hipaagrpc/encryption/schema-" + platform + ".sql";
		try (InputStream input = EncryptionSchemaScriptsTests.class.getClassLoader().getResourceAsStream(location)) {
			assertThat(input).as(location).isNotNull();
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
