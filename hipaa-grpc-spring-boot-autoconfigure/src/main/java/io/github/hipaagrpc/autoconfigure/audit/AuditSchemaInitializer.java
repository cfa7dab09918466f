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

import java.util.List;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.util.StringUtils;

/**
 * Creates the audit table with the SQL script of the audit database's platform.
 */
final class AuditSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	AuditSchemaInitializer(AuditDatabase database, HipaaGrpcAuditProperties.Jdbc jdbc) {
		super(database.dataSource(), settings(database, jdbc));
	}

	private static DatabaseInitializationSettings settings(AuditDatabase database, HipaaGrpcAuditProperties.Jdbc jdbc) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(schemaLocations(database, jdbc));
		settings.setMode(jdbc.getInitializeSchema());
		settings.setContinueOnError(false);
		return settings;
	}

	private static List<String> schemaLocations(AuditDatabase database, HipaaGrpcAuditProperties.Jdbc jdbc) {
		PlatformPlaceholderDatabaseDriverResolver resolver = new PlatformPlaceholderDatabaseDriverResolver();
		String platform = jdbc.getPlatform();
		if (StringUtils.hasText(platform)) {
			return resolver.resolveAll(platform, jdbc.getSchema());
		}
		return resolver.resolveAll(database.dataSource(), jdbc.getSchema());
	}

}
