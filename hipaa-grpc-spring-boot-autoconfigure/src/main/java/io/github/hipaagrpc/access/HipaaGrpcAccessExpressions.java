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

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Access context of the current call for method authorization expressions, registered as
 * the bean {@code hipaa}: for example
 * {@code @PreAuthorize("hasRole('PROVIDER') and @hipaa.purposeIs('TREAT') and @hipaa.atFacility(#request.facilityId)")}.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessExpressions {

	/**
	 * Return the facility of the current caller.
	 * @return the facility, or {@code null} when the caller has none
	 */
	public @Nullable String facility() {
		HipaaGrpcAccessContext access = HipaaGrpcAccessContext.current();
		return (access != null) ? access.facility() : null;
	}

	/**
	 * Return the purpose of use the current caller declared.
	 * @return the HL7 PurposeOfUse code, or {@code null} when the caller declared none
	 */
	public @Nullable String purposeOfUse() {
		HipaaGrpcAccessContext access = HipaaGrpcAccessContext.current();
		return (access != null) ? access.purposeOfUse() : null;
	}

	/**
	 * Return whether the current caller declared one of the given purposes of use.
	 * @param purposes the accepted HL7 PurposeOfUse codes
	 * @return whether the declared purpose is one of them; {@code false} when none was
	 * declared
	 */
	public boolean purposeIs(String... purposes) {
		String declared = purposeOfUse();
		if (declared == null) {
			return false;
		}
		for (String purpose : purposes) {
			if (declared.equals(purpose)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether the current caller acts for the given facility.
	 * @param facility the facility a request names
	 * @return whether it equals the caller's facility; {@code false} when either is
	 * {@code null} or empty
	 */
	public boolean atFacility(@Nullable String facility) {
		String own = facility();
		return StringUtils.hasText(own) && StringUtils.hasText(facility) && own.equals(facility);
	}

	/**
	 * Return whether the current call runs with break-glass emergency authority: its
	 * caller declared {@code ETREAT} and holds an emergency grant in force. For example
	 * {@code hasRole('PROVIDER') and (@hipaa.purposeIs('TREAT') and @hipaa.atFacility(#request.facilityId) or @hipaa.emergency())}.
	 * @return whether an emergency grant is in force for the call
	 */
	public boolean emergency() {
		return HipaaGrpcAccessEmergencyGrant.current() != null;
	}

}
