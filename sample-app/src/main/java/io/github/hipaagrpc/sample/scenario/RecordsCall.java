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

package io.github.hipaagrpc.sample.scenario;

import java.util.Set;

/**
 * The calls the scenario makes, one per method of the service, with the roles the
 * scenario expects each method to let through.
 *
 * @since 0.1.0
 */
public enum RecordsCall {

	/**
	 * Unary read of a chart.
	 */
	GET_CHART("GetChart", "unary", "PROVIDER", "AUDITOR"),

	/**
	 * Unary update of a chart.
	 */
	UPDATE_CHART("UpdateChart", "unary", "PROVIDER"),

	/**
	 * Server-streaming list of prescriptions.
	 */
	LIST_PRESCRIPTIONS("ListPrescriptions", "server streaming", "PHARMACIST", "PROVIDER"),

	/**
	 * Client-streaming batch of claims.
	 */
	SUBMIT_CLAIMS("SubmitClaims", "client streaming", "BILLER"),

	/**
	 * Bidirectional dispensing of prescriptions.
	 */
	DISPENSE_PRESCRIPTIONS("DispensePrescriptions", "bidi streaming", "PHARMACIST"),

	/**
	 * Server-streaming export of the audit trail.
	 */
	EXPORT_AUDIT_TRAIL("ExportAuditTrail", "server streaming", "AUDITOR");

	private final String method;

	private final String kind;

	@SuppressWarnings("ImmutableEnumChecker") // Set.of is unmodifiable
	private final Set<String> allowedRoles;

	RecordsCall(String method, String kind, String... allowedRoles) {
		this.method = method;
		this.kind = kind;
		this.allowedRoles = Set.of(allowedRoles);
	}

	/**
	 * Return whether the given role is expected to be allowed to make this call.
	 * @param role the role, without the {@code ROLE_} prefix
	 * @return whether the call should succeed
	 */
	public boolean allows(String role) {
		return this.allowedRoles.contains(role);
	}

	/**
	 * Return the method name and RPC kind, as shown in the result table.
	 * @return the label
	 */
	public String label() {
		return this.method + " (" + this.kind + ")";
	}

}
