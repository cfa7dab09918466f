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
