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

package io.github.hipaagrpc.autoconfigure.access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import javax.sql.DataSource;

import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrant;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrantStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the emergency grant schema scripts run as Flyway migrations, on a real
 * PostgreSQL and on H2, can run again over an existing table, and hold what
 * {@link HipaaGrpcAccessEmergencyGrantStore} stores.
 */
class BreakGlassSchemaScriptsTests {

	private static final Instant NOW = Instant.parse("2026-12-04T10:00:00.123456Z");

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
	void postgresqlScriptWhenRunByFlywayCreatesTheTable(@TempDir Path migrations) throws IOException {
		copyScript("postgresql", migrations.resolve("V8__hipaa_grpc_emergency_grant.sql"));
		MigrateResult result = Flyway.configure()
			.dataSource(postgres.getPostgresDatabase())
			.locations("filesystem:" + migrations)
			.load()
			.migrate();
		assertThat(result.success).isTrue();
		assertThat(result.migrationsExecuted).isEqualTo(1);
		storeAndFind(postgres.getPostgresDatabase(), "postgresql");
	}

	@Test
	void h2ScriptWhenRunByFlywayCreatesTheTable(@TempDir Path migrations) throws IOException {
		copyScript("h2", migrations.resolve("V8__hipaa_grpc_emergency_grant.sql"));
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:break-glass-scripts;DB_CLOSE_DELAY=-1", "sa", "");
		MigrateResult result = Flyway.configure()
			.dataSource(dataSource)
			.locations("filesystem:" + migrations)
			.load()
			.migrate();
		assertThat(result.success).isTrue();
		storeAndFind(dataSource, "h2");
	}

	private static void storeAndFind(DataSource dataSource, String platform) throws IOException {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		HipaaGrpcAccessEmergencyGrantStore store = new HipaaGrpcAccessEmergencyGrantStore(dataSource);
		HipaaGrpcAccessEmergencyGrant grant = new HipaaGrpcAccessEmergencyGrant("grant-" + platform, "dr-scripts", null,
				"PROVIDER", NOW, NOW.plusSeconds(900), "replica-a");
		store.save(grant, "Scripted emergency for the schema test");
		jdbc.execute(script(platform));
		assertThat(store.findActive("dr-scripts", NOW.plusSeconds(899))).isEqualTo(grant);
		assertThat(store.findActive("dr-scripts", NOW.plusSeconds(900))).isNull();
		assertThat(store.findActive("dr-other", NOW.plusSeconds(1))).isNull();
		assertThat(store.findGranted(NOW, NOW.plusSeconds(1))).singleElement().satisfies((granted) -> {
			assertThat(granted.grant()).isEqualTo(grant);
			assertThat(granted.reason()).isEqualTo("Scripted emergency for the schema test");
		});
	}

	private static void copyScript(String platform, Path target) throws IOException {
		Files.writeString(target, script(platform));
	}

	private static String script(String platform) throws IOException {
		String location = "io/github/hipaagrpc/access/break-glass-schema-" + platform + ".sql";
		try (InputStream input = BreakGlassSchemaScriptsTests.class.getClassLoader().getResourceAsStream(location)) {
			assertThat(input).as(location).isNotNull();
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
