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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

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

}
