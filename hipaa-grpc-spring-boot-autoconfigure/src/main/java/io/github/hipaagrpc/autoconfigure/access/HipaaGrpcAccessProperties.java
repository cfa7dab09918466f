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

import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Access context of gRPC calls: where the caller's facility and purpose of use come from.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.access")
public class HipaaGrpcAccessProperties {

	/**
	 * Name of the token claim that holds the facility the caller acts for.
	 */
	private String facilityClaim = "facility";

	private final PurposeOfUse purposeOfUse = new PurposeOfUse();

	/**
	 * Time-of-access windows per role, keyed by role name without the ROLE_ prefix, each
	 * written as days and times such as 'MON-FRI 07:00-19:00'. A role with windows is in
	 * force only inside one of them.
	 */
	private final Map<String, List<String>> timeWindows = new LinkedHashMap<>();

	/**
	 * Time zone in which time-of-access windows are read. When not set, the system time
	 * zone.
	 */
	private @Nullable ZoneId timeZone;

	private final Policy policy = new Policy();

	private final BreakGlass breakGlass = new BreakGlass();

	private final Logoff logoff = new Logoff();

	public String getFacilityClaim() {
		return this.facilityClaim;
	}

	public void setFacilityClaim(String facilityClaim) {
		this.facilityClaim = facilityClaim;
	}

	public PurposeOfUse getPurposeOfUse() {
		return this.purposeOfUse;
	}

	public Map<String, List<String>> getTimeWindows() {
		return this.timeWindows;
	}

	public @Nullable ZoneId getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(@Nullable ZoneId timeZone) {
		this.timeZone = timeZone;
	}

	public Policy getPolicy() {
		return this.policy;
	}

	public BreakGlass getBreakGlass() {
		return this.breakGlass;
	}

	public Logoff getLogoff() {
		return this.logoff;
	}

	/**
	 * Where the purpose of use of a call comes from.
	 */
	public static class PurposeOfUse {

		/**
		 * Name of the token claim that holds the caller's purpose of use, a single HL7
		 * PurposeOfUse code.
		 */
		private String claim = "purpose_of_use";

		/**
		 * Whether a call may declare its purpose of use in the x-purpose-of-use metadata
		 * header, which then takes precedence over the token claim. When not allowed, the
		 * header is ignored.
		 */
		private boolean headerAllowed;

		public String getClaim() {
			return this.claim;
		}

		public void setClaim(String claim) {
			this.claim = claim;
		}

		public boolean isHeaderAllowed() {
			return this.headerAllowed;
		}

		public void setHeaderAllowed(boolean headerAllowed) {
			this.headerAllowed = headerAllowed;
		}

	}

	/**
	 * How access policy lookups are cached.
	 */
	public static class Policy {

		/**
		 * How long the answers of the access policy are cached; a policy change applies
		 * to calls after this time at the latest. 0 disables the cache.
		 */
		private Duration cacheTtl = Duration.ofSeconds(30);

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

	}

	/**
	 * Break-glass emergency access for calls that declare the purpose of use ETREAT.
	 */
	public static class BreakGlass {

		/**
		 * Whether a caller with an emergency-capable role who declares ETREAT and gives a
		 * reason in the x-break-glass-reason header is granted emergency authority.
		 */
		private boolean enabled;

		/**
		 * Comma-separated list of emergency-capable roles, without the ROLE_ prefix.
		 */
		private List<String> roles = new ArrayList<>();

		/**
		 * How long an emergency grant lasts, at most 24 hours. If a duration suffix is
		 * not specified, minutes will be used.
		 */
		@DurationUnit(ChronoUnit.MINUTES)
		private Duration duration = Duration.ofMinutes(15);

		/**
		 * When to create the emergency grants table: 'embedded' databases only, 'always'
		 * or 'never'.
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			this.duration = duration;
		}

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

	/**
	 * Automatic logoff of streaming calls.
	 */
	public static class Logoff {

		/**
		 * Longest time a client-, server- or bidi-streaming call may stay open, whatever
		 * the lifetime of its token. Also the only bound for callers authenticated by a
		 * client certificate alone.
		 */
		private Duration maxStreamDuration = Duration.ofHours(1);

		/**
		 * Whether to close a streaming call when the token that opened it expires.
		 */
		private boolean onTokenExpiry = true;

		public Duration getMaxStreamDuration() {
			return this.maxStreamDuration;
		}

		public void setMaxStreamDuration(Duration maxStreamDuration) {
			this.maxStreamDuration = maxStreamDuration;
		}

		public boolean isOnTokenExpiry() {
			return this.onTokenExpiry;
		}

		public void setOnTokenExpiry(boolean onTokenExpiry) {
			this.onTokenExpiry = onTokenExpiry;
		}

	}

}
