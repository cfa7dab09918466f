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

import java.time.Duration;

import io.github.hipaagrpc.audit.HipaaGrpcAuditMode;
import io.github.hipaagrpc.audit.HipaaGrpcAuditPeerAddress;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Audit trail of gRPC calls, kept in a database.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.audit")
public class HipaaGrpcAuditProperties {

	/**
	 * Whether to keep an audit record of every call. Switching it off is logged as a
	 * warning at startup.
	 */
	private boolean enabled = true;

	/**
	 * What happens to calls when records cannot be stored: 'fail-closed' refuses new
	 * calls after a bound, 'synchronous' releases a call's status only once its record is
	 * committed, 'best-effort' serves calls and counts lost records.
	 */
	private HipaaGrpcAuditMode mode = HipaaGrpcAuditMode.FAIL_CLOSED;

	/**
	 * Name of this replica in audit records. When not set, the host name.
	 */
	private @Nullable String replica;

	/**
	 * Secret of at least 32 bytes that chains audit records with HMAC-SHA256, the same on
	 * every replica. Keep it outside the database. Required unless the audit database is
	 * embedded.
	 */
	private @Nullable String chainKey;

	/**
	 * How the peer address of a call is written: 'full', 'truncated' to its network, or
	 * 'hashed' with the chain key.
	 */
	private HipaaGrpcAuditPeerAddress peerAddress = HipaaGrpcAuditPeerAddress.FULL;

	/**
	 * How long records may fail to be stored before new calls are refused, in fail-closed
	 * mode.
	 */
	private Duration failClosedAfter = Duration.ofSeconds(5);

	/**
	 * How long a call waits for its record to be committed in synchronous mode before it
	 * answers UNAVAILABLE.
	 */
	private Duration synchronousTimeout = Duration.ofSeconds(5);

	/**
	 * How often the head of this replica's chain is logged as a checkpoint, so that a
	 * chain cut from its tail can be detected.
	 */
	private Duration checkpointInterval = Duration.ofMinutes(1);

	/**
	 * How long shutdown waits for queued records to be stored.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private final Queue queue = new Queue();

	private final Jdbc jdbc = new Jdbc();

	private final Datasource datasource = new Datasource();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public HipaaGrpcAuditMode getMode() {
		return this.mode;
	}

	public void setMode(HipaaGrpcAuditMode mode) {
		this.mode = mode;
	}

	public @Nullable String getReplica() {
		return this.replica;
	}

	public void setReplica(@Nullable String replica) {
		this.replica = replica;
	}

	public @Nullable String getChainKey() {
		return this.chainKey;
	}

	public void setChainKey(@Nullable String chainKey) {
		this.chainKey = chainKey;
	}

	public HipaaGrpcAuditPeerAddress getPeerAddress() {
		return this.peerAddress;
	}

	public void setPeerAddress(HipaaGrpcAuditPeerAddress peerAddress) {
		this.peerAddress = peerAddress;
	}

	public Duration getFailClosedAfter() {
		return this.failClosedAfter;
	}

	public void setFailClosedAfter(Duration failClosedAfter) {
		this.failClosedAfter = failClosedAfter;
	}

	public Duration getSynchronousTimeout() {
		return this.synchronousTimeout;
	}

	public void setSynchronousTimeout(Duration synchronousTimeout) {
		this.synchronousTimeout = synchronousTimeout;
	}

	public Duration getCheckpointInterval() {
		return this.checkpointInterval;
	}

	public void setCheckpointInterval(Duration checkpointInterval) {
		this.checkpointInterval = checkpointInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Queue getQueue() {
		return this.queue;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Datasource getDatasource() {
		return this.datasource;
	}

	/**
	 * Queue of records waiting to be stored.
	 */
	public static class Queue {

		/**
		 * Most records that may wait to be stored. In fail-closed and synchronous mode a
		 * call is admitted only with room for its record.
		 */
		private int capacity = 10_000;

		/**
		 * Most records stored in one transaction.
		 */
		private int batchSize = 500;

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

	}

	/**
	 * Schema of the audit table.
	 */
	public static class Jdbc {

		/**
		 * When to create the audit table: 'embedded' databases only, 'always' or 'never'.
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		/**
		 * Location of the SQL script that creates the audit table, where '@@platform@@'
		 * stands for the database platform.
		 */
		private String schema = "classpath:io/github/hipaagrpc/audit/schema-@@platform@@.sql";

		/**
		 * Platform of the '@@platform@@' placeholder in the schema location. When not
		 * set, detected from the database.
		 */
		private @Nullable String platform;

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getSchema() {
			return this.schema;
		}

		public void setSchema(String schema) {
			this.schema = schema;
		}

		public @Nullable String getPlatform() {
			return this.platform;
		}

		public void setPlatform(@Nullable String platform) {
			this.platform = platform;
		}

	}

	/**
	 * Dedicated database for audit records, apart from the application's data.
	 */
	public static class Datasource {

		/**
		 * JDBC URL of a dedicated audit database. When not set, records go to the
		 * application's DataSource.
		 */
		private @Nullable String url;

		/**
		 * Login user of the dedicated audit database.
		 */
		private @Nullable String username;

		/**
		 * Login password of the dedicated audit database.
		 */
		private @Nullable String password;

		/**
		 * Fully qualified name of the JDBC driver. When not set, detected from the URL.
		 */
		private @Nullable String driverClassName;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getDriverClassName() {
			return this.driverClassName;
		}

		public void setDriverClassName(@Nullable String driverClassName) {
			this.driverClassName = driverClassName;
		}

	}

}
