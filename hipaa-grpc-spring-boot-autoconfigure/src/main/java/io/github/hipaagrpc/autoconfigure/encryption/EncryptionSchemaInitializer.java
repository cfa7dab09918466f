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

import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.util.StringUtils;

/**
 * Creates the data-key table with the SQL script of the database's platform.
 */
final class EncryptionSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final DataSource dataSource;

	EncryptionSchemaInitializer(DataSource dataSource, HipaaGrpcEncryptionProperties.Jdbc jdbc) {
		super(dataSource, settings(dataSource, jdbc));
		this.dataSource = dataSource;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	private static DatabaseInitializationSettings settings(DataSource dataSource,
			HipaaGrpcEncryptionProperties.Jdbc jdbc) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(schemaLocations(dataSource, jdbc));
		settings.setMode(jdbc.getInitializeSchema());
		settings.setContinueOnError(false);
		return settings;
	}

	private static List<String> schemaLocations(DataSource dataSource, HipaaGrpcEncryptionProperties.Jdbc jdbc) {
		PlatformPlaceholderDatabaseDriverResolver resolver = new PlatformPlaceholderDatabaseDriverResolver();
		String platform = jdbc.getPlatform();
		if (StringUtils.hasText(platform)) {
			return resolver.resolveAll(platform, jdbc.getSchema());
		}
		return resolver.resolveAll(dataSource, jdbc.getSchema());
	}

}
