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

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PostgresErrorDetail}.
 */
class PostgresErrorDetailTests {

	private final PostgresErrorDetail postProcessor = new PostgresErrorDetail();

	@Test
	void hikariPoolToPostgresLeavesValuesOutOfErrorMessages() {
		try (HikariDataSource dataSource = hikari("jdbc:postgresql://localhost:5432/records")) {
			this.postProcessor.postProcessAfterInitialization(dataSource, "dataSource");
			assertThat(dataSource.getDataSourceProperties()).containsEntry("logServerErrorDetail", "false");
		}
	}

	@Test
	void hikariPoolWhosePropertyIsSetByTheApplicationIsLeftAsItIs() {
		try (HikariDataSource dataSource = hikari("jdbc:postgresql://localhost:5432/records")) {
			dataSource.addDataSourceProperty("logServerErrorDetail", "true");
			this.postProcessor.postProcessAfterInitialization(dataSource, "dataSource");
			assertThat(dataSource.getDataSourceProperties()).containsEntry("logServerErrorDetail", "true");
		}
	}

	@Test
	void hikariPoolWhoseUrlSetsThePropertyIsLeftAsItIs() {
		try (HikariDataSource dataSource = hikari(
				"jdbc:postgresql://localhost:5432/records?logServerErrorDetail=true")) {
			this.postProcessor.postProcessAfterInitialization(dataSource, "dataSource");
			assertThat(dataSource.getDataSourceProperties()).doesNotContainKey("logServerErrorDetail");
		}
	}

	@Test
	void hikariPoolToAnotherDatabaseIsLeftAsItIs() {
		try (HikariDataSource dataSource = hikari("jdbc:h2:mem:records")) {
			this.postProcessor.postProcessAfterInitialization(dataSource, "dataSource");
			assertThat(dataSource.getDataSourceProperties()).isEmpty();
		}
	}

	@Test
	void dedicatedPostgresUrlGetsThePropertyAppended() {
		assertThat(PostgresErrorDetail.hide("jdbc:postgresql://db/audit"))
			.isEqualTo("jdbc:postgresql://db/audit?logServerErrorDetail=false");
		assertThat(PostgresErrorDetail.hide("jdbc:postgresql://db/audit?ssl=true"))
			.isEqualTo("jdbc:postgresql://db/audit?ssl=true&logServerErrorDetail=false");
	}

	@Test
	void dedicatedUrlThatSetsThePropertyOrIsNotPostgresIsKept() {
		assertThat(PostgresErrorDetail.hide("jdbc:postgresql://db/audit?logServerErrorDetail=true"))
			.isEqualTo("jdbc:postgresql://db/audit?logServerErrorDetail=true");
		assertThat(PostgresErrorDetail.hide("jdbc:h2:mem:audit")).isEqualTo("jdbc:h2:mem:audit");
	}

	private static HikariDataSource hikari(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		return dataSource;
	}

}
