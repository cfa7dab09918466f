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

package io.github.hipaagrpc.encryption;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

/**
 * Data-key table {@code hipaa_grpc_data_key} reached through JDBC. The starter's schema
 * scripts create it; this class only inserts, reads and rewraps rows, and never deletes
 * one.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionJdbcKeyStore implements HipaaGrpcEncryptionKeyStore {

	private static final String COLUMNS = "id, wrapped_key, master_key_version, created_at, rewrapped_at";

	private final JdbcClient jdbc;

	/**
	 * Create a store on the given client.
	 * @param jdbc the client of the database that holds the data-key table
	 */
	public HipaaGrpcEncryptionJdbcKeyStore(JdbcClient jdbc) {
		Assert.notNull(jdbc, "'jdbc' must not be null");
		this.jdbc = jdbc;
	}

	@Override
	public void save(StoredKey key) {
		Assert.notNull(key, "'key' must not be null");
		this.jdbc.sql("insert into hipaa_grpc_data_key (" + COLUMNS + ") values (?, ?, ?, ?, ?)")
			.params(Arrays.asList(key.id(), key.wrappedKey(), key.masterKeyVersion(), timestamp(key.createdAt()),
					timestamp(key.rewrappedAt())))
			.update();
	}

	@Override
	public @Nullable StoredKey find(UUID id) {
		Assert.notNull(id, "'id' must not be null");
		return this.jdbc.sql("select " + COLUMNS + " from hipaa_grpc_data_key where id = ?")
			.param(id)
			.query(HipaaGrpcEncryptionJdbcKeyStore::row)
			.optional()
			.orElse(null);
	}

	@Override
	public List<StoredKey> findOlderThan(int version, @Nullable UUID after, int limit) {
		String sql = "select " + COLUMNS + " from hipaa_grpc_data_key where master_key_version < ?"
				+ ((after != null) ? " and id > ?" : "") + " order by id limit " + limit;
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param(version);
		if (after != null) {
			statement = statement.param(after);
		}
		return statement.query(HipaaGrpcEncryptionJdbcKeyStore::row).list();
	}

	@Override
	public boolean replace(UUID id, String expected, HipaaGrpcEncryptionKeyProvider.WrappedKey replacement,
			Instant time) {
		int updated = this.jdbc
			.sql("update hipaa_grpc_data_key set wrapped_key = ?, master_key_version = ?, rewrapped_at = ? "
					+ "where id = ? and wrapped_key = ?")
			.params(replacement.ciphertext(), replacement.masterKeyVersion(), Timestamp.from(time), id, expected)
			.update();
		return updated == 1;
	}

	private static StoredKey row(ResultSet rs, int rowNum) throws SQLException {
		Timestamp rewrappedAt = rs.getTimestamp("rewrapped_at");
		return new StoredKey(rs.getObject("id", UUID.class), rs.getString("wrapped_key"),
				rs.getInt("master_key_version"), rs.getTimestamp("created_at").toInstant(),
				(rewrappedAt != null) ? rewrappedAt.toInstant() : null);
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
