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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that the audit schema scripts the starter ships run as Flyway migrations, on a
 * real PostgreSQL and on H2, and can run again over an existing table.
 */
class AuditSchemaScriptsTests {

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
	void postgresqlScriptWhenRunByFlywayCreatesAnAppendOnlyTable(@TempDir Path migrations) throws IOException {
		copyScript("postgresql", migrations.resolve("V7__hipaa_grpc_audit.sql"));
		MigrateResult result = Flyway.configure()
			.dataSource(postgres.getPostgresDatabase())
			.locations("filesystem:" + migrations)
			.load()
			.migrate();
		assertThat(result.success).isTrue();
		assertThat(result.migrationsExecuted).isEqualTo(1);
		JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
		insertRow(jdbc);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> jdbc.update("delete from hipaa_grpc_audit_record"))
			.havingRootCause()
			.withMessageContaining("append-only");
		jdbc.execute(script("postgresql"));
		assertThat(jdbc.queryForObject("select count(*) from hipaa_grpc_audit_record", Integer.class)).isOne();
	}

	@Test
	void h2ScriptWhenRunByFlywayCreatesTheTable(@TempDir Path migrations) throws IOException {
		copyScript("h2", migrations.resolve("V7__hipaa_grpc_audit.sql"));
		DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:audit-scripts;DB_CLOSE_DELAY=-1",
				"sa", "");
		MigrateResult result = Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:" + migrations)
			.load()
			.migrate();
		assertThat(result.success).isTrue();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		insertRow(jdbc);
		jdbc.execute(script("h2"));
		assertThat(jdbc.queryForObject("select count(*) from hipaa_grpc_audit_record", Integer.class)).isOne();
	}

	private static void insertRow(JdbcTemplate jdbc) {
		jdbc.update("insert into hipaa_grpc_audit_record (id, chain_id, chain_seq, previous_hash, record_hash, "
				+ "key_id, recorded_at, record_type, replica) values (?, 'chain', 1, 'p', 'r', 'k', "
				+ "CURRENT_TIMESTAMP, 'EVENT', 'replica')", UUID.randomUUID());
	}

	private static void copyScript(String platform, Path target) throws IOException {
		Files.writeString(target, script(platform));
	}

	private static String script(String platform) throws IOException {
		String location = "io/github/hipaagrpc/audit/schema-" + platform + ".sql";
		try (InputStream input = AuditSchemaScriptsTests.class.getClassLoader().getResourceAsStream(location)) {
			assertThat(input).as(location).isNotNull();
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
