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

import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;

/**
 * Creates the emergency grants table with the SQL script of the database's platform.
 */
final class BreakGlassSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	static final String SCHEMA = "classpath:io/github/hipaagrpc/access/break-glass-schema-@@platform@@.sql";

	private final DataSource dataSource;

	BreakGlassSchemaInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
		super(dataSource, settings(dataSource, mode));
		this.dataSource = dataSource;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	private static DatabaseInitializationSettings settings(DataSource dataSource, DatabaseInitializationMode mode) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		List<String> locations = new PlatformPlaceholderDatabaseDriverResolver().resolveAll(dataSource, SCHEMA);
		settings.setSchemaLocations(locations);
		settings.setMode(mode);
		settings.setContinueOnError(false);
		return settings;
	}

}
