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

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Keeps the values of audit records out of PostgreSQL driver error messages. When a batch
 * insert fails (the database stops, a trigger refuses it), the PostgreSQL JDBC driver
 * renders the statement with its parameter values into the exception message, and
 * Hibernate logs that message at warn: principals, peer addresses and resource references
 * (which may be patient identifiers) would reach the log. The driver's
 * {@code logServerErrorDetail=false} connection property leaves values and the server's
 * error detail out. It is set on Hikari pools that connect to PostgreSQL, unless the
 * application set that property itself, and added to the URL of a dedicated audit
 * database.
 */
final class PostgresErrorDetail implements BeanPostProcessor {

	static final String PROPERTY = "logServerErrorDetail";

	private static final String POSTGRESQL_URL_PREFIX = "jdbc:postgresql:";

	private static final Log logger = LogFactory.getLog(PostgresErrorDetail.class);

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari) {
			hide(hikari, beanName);
		}
		return bean;
	}

	private static void hide(HikariDataSource hikari, String name) {
		String url = hikari.getJdbcUrl();
		if (!isPostgres(url) || mentionsProperty(url) || hikari.getDataSourceProperties().containsKey(PROPERTY)
				|| hikari.isRunning()) {
			return;
		}
		hikari.addDataSourceProperty(PROPERTY, "false");
		logger.debug("PostgreSQL error messages of DataSource '" + name
				+ "' leave out parameter values and server error detail (" + PROPERTY + "=false)");
	}

	/**
	 * Return the URL of a dedicated PostgreSQL audit database with the driver told to
	 * leave values out of its error messages, unless the URL says otherwise.
	 * @param url the configured URL
	 * @return the URL to connect with
	 */
	static String hide(String url) {
		if (!isPostgres(url) || mentionsProperty(url)) {
			return url;
		}
		return url + ((url.indexOf('?') >= 0) ? "&" : "?") + PROPERTY + "=false";
	}

	private static boolean isPostgres(@Nullable String url) {
		return url != null && url.toLowerCase(Locale.ROOT).startsWith(POSTGRESQL_URL_PREFIX);
	}

	private static boolean mentionsProperty(String url) {
		return url.toLowerCase(Locale.ROOT).contains(PROPERTY.toLowerCase(Locale.ROOT) + "=");
	}

}
