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

import java.io.Closeable;
import java.io.IOException;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;

/**
 * The database that audit records go to: a dedicated one, closed with the context, or the
 * application's own. Other features that keep shared records, such as break-glass grants,
 * use it too.
 *
 * @since 0.1.0
 */
public final class AuditDatabase implements DisposableBean {

	private final DataSource dataSource;

	private final boolean dedicated;

	AuditDatabase(DataSource dataSource, boolean dedicated) {
		this.dataSource = dataSource;
		this.dedicated = dedicated;
	}

	/**
	 * Return the database's data source.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	boolean isEmbedded() {
		return EmbeddedDatabaseConnection.isEmbedded(this.dataSource);
	}

	@Override
	public void destroy() throws IOException {
		if (this.dedicated && this.dataSource instanceof Closeable closeable) {
			closeable.close();
		}
	}

}
