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

package io.github.hipaagrpc.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.Assert;

/**
 * Emergency grants kept in the {@code hipaa_grpc_emergency_grant} table, so that every
 * replica on the same database honours a grant and ends it at the same instant. Grants
 * are only ever inserted and read, never updated or deleted.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessEmergencyGrantStore {

	private static final String COLUMNS = "id, principal, client_id, roles, granted_at, expires_at, replica";

	private final JdbcClient jdbc;

	/**
	 * Create a store on the given database.
	 * @param dataSource the database that holds the grants table
	 */
	public HipaaGrpcAccessEmergencyGrantStore(DataSource dataSource) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		this.jdbc = JdbcClient.create(dataSource);
	}

	/**
	 * Return the grant of the given principal that is in force at the given instant, the
	 * one that lasts longest when there are several.
	 * @param principal the user or service
	 * @param now the instant, from the replica's clock
	 * @return the grant, or {@code null} when none is in force
	 */
	public @Nullable HipaaGrpcAccessEmergencyGrant findActive(String principal, Instant now) {
		List<HipaaGrpcAccessEmergencyGrant> grants = this.jdbc
			.sql("select " + COLUMNS + " from hipaa_grpc_emergency_grant where principal = ? and expires_at > ? "
					+ "and granted_at <= ? order by expires_at desc")
			.params(principal, timestamp(now), timestamp(now))
			.query(HipaaGrpcAccessEmergencyGrantStore::grant)
			.list();
		return grants.isEmpty() ? null : grants.get(0);
	}

	/**
	 * Store a new grant.
	 * @param grant the grant
	 * @param reason the reason the caller gave
	 */
	public void save(HipaaGrpcAccessEmergencyGrant grant, String reason) {
		this.jdbc
			.sql("insert into hipaa_grpc_emergency_grant (" + COLUMNS + ", reason) values (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(Arrays.asList(grant.id(), grant.principal(), grant.clientId(), grant.roles(),
					timestamp(grant.grantedAt()), timestamp(grant.expiresAt()), grant.replica(), reason))
			.update();
	}

	/**
	 * Return the grants made in the given period, oldest first, with their reasons, for
	 * review.
	 * @param from the start of the period, inclusive
	 * @param to the end of the period, exclusive
	 * @return the grants
	 */
	public List<Granted> findGranted(Instant from, Instant to) {
		return this.jdbc
			.sql("select " + COLUMNS + ", reason from hipaa_grpc_emergency_grant where granted_at >= ? "
					+ "and granted_at < ? order by granted_at, id")
			.params(timestamp(from), timestamp(to))
			.query((row, number) -> new Granted(grant(row, number), row.getString("reason")))
			.list();
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		if (value == null) {
			throw new SQLException("Column '" + column + "' of an emergency grant is empty");
		}
		return value.toInstant();
	}

	private static HipaaGrpcAccessEmergencyGrant grant(ResultSet row, int number) throws SQLException {
		return new HipaaGrpcAccessEmergencyGrant(row.getString("id"), row.getString("principal"),
				row.getString("client_id"), row.getString("roles"), instant(row, "granted_at"),
				instant(row, "expires_at"), row.getString("replica"));
	}

	/**
	 * A stored grant with the reason the caller gave for it.
	 *
	 * @param grant the grant
	 * @param reason the reason, user-typed text that must not be logged
	 */
	public record Granted(HipaaGrpcAccessEmergencyGrant grant, String reason) {

	}

}
