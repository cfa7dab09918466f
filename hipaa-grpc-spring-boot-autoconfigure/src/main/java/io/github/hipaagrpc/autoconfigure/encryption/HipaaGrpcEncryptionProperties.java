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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Envelope encryption of ePHI at rest: the master key, the bounds on data keys and the
 * data-key table.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.encryption")
public class HipaaGrpcEncryptionProperties {

	/**
	 * Master key that wraps data keys: 'vault' for a Vault Transit key, or 'dev' for a
	 * random key in memory, allowed only with the 'dev' profile active. Choosing one
	 * enables encryption.
	 */
	private @Nullable Provider provider;

	private final Vault vault = new Vault();

	private final DataKey dataKey = new DataKey();

	private final Rewrap rewrap = new Rewrap();

	private final Jdbc jdbc = new Jdbc();

	public @Nullable Provider getProvider() {
		return this.provider;
	}

	public void setProvider(@Nullable Provider provider) {
		this.provider = provider;
	}

	public Vault getVault() {
		return this.vault;
	}

	public DataKey getDataKey() {
		return this.dataKey;
	}

	public Rewrap getRewrap() {
		return this.rewrap;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/**
	 * Master keys the starter provides.
	 */
	public enum Provider {

		/**
		 * A key of Vault's Transit secrets engine.
		 */
		VAULT,

		/**
		 * A random key in memory, for development only.
		 */
		DEV

	}

	/**
	 * Vault Transit key that wraps data keys.
	 */
	public static class Vault {

		/**
		 * Path the Transit secrets engine is mounted at.
		 */
		private String transitPath = "transit";

		/**
		 * Name of the Transit key that wraps data keys. Required with the 'vault'
		 * provider.
		 */
		private @Nullable String keyName;

		public String getTransitPath() {
			return this.transitPath;
		}

		public void setTransitPath(String transitPath) {
			this.transitPath = transitPath;
		}

		public @Nullable String getKeyName() {
			return this.keyName;
		}

		public void setKeyName(@Nullable String keyName) {
			this.keyName = keyName;
		}

	}

	/**
	 * Bounds on data keys in memory.
	 */
	public static class DataKey {

		/**
		 * Largest number of values one data key encrypts before a new one is generated.
		 */
		private long maxUses = 100_000;

		/**
		 * Longest time one data key encrypts before a new one is generated.
		 */
		private Duration maxAge = Duration.ofHours(1);

		/**
		 * Largest number of data keys kept unwrapped in memory for decryption.
		 */
		private long cacheSize = 1000;

		/**
		 * How long an unwrapped data key stays in memory after it was last used for
		 * decryption.
		 */
		private Duration cacheTtl = Duration.ofMinutes(15);

		public long getMaxUses() {
			return this.maxUses;
		}

		public void setMaxUses(long maxUses) {
			this.maxUses = maxUses;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public long getCacheSize() {
			return this.cacheSize;
		}

		public void setCacheSize(long cacheSize) {
			this.cacheSize = cacheSize;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

	}

	/**
	 * Rewrap job that moves data keys to the latest master-key version.
	 */
	public static class Rewrap {

		/**
		 * Time between runs of the rewrap job, the first one after this time from
		 * startup. Zero disables the schedule; the job can still run on demand.
		 */
		private Duration interval = Duration.ofHours(24);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Data-key table in the application's database.
	 */
	public static class Jdbc {

		/**
		 * When to create the data-key table: 'embedded' databases only, 'always' or
		 * 'never'.
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		/**
		 * Location of the SQL script that creates the data-key table, where
		 * '@@platform@@' stands for the database platform.
		 */
		private String schema = "classpath:io/github/hipaagrpc/encryption/schema-@@platform@@.sql";

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

}
