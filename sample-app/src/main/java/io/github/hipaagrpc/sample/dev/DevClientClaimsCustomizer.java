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

package io.github.hipaagrpc.sample.dev;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the {@code roles}, {@code facility} and {@code purpose_of_use} claims and the
 * audience to the access tokens of the dev clients. This is the one place that says which
 * role, audience, facility and purpose of use each dev client gets; the clients
 * themselves are registered in {@code application-dev.yml}.
 *
 * @since 0.1.0
 */
public class DevClientClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	/**
	 * Audience of the clinical records service.
	 */
	public static final String CLINICAL_RECORDS_AUDIENCE = "clinical-records";

	private static final String NORTH = "north";

	private static final String SOUTH = "south";

	private static final String TREATMENT = "TREAT";

	private static final Map<String, DevClient> CLIENTS = Map.of("provider-client",
			new DevClient("PROVIDER", CLINICAL_RECORDS_AUDIENCE, NORTH, TREATMENT), "south-provider-client",
			new DevClient("PROVIDER", CLINICAL_RECORDS_AUDIENCE, SOUTH, TREATMENT), "pharmacist-client",
			new DevClient("PHARMACIST", CLINICAL_RECORDS_AUDIENCE, NORTH, TREATMENT), "biller-client",
			new DevClient("BILLER", CLINICAL_RECORDS_AUDIENCE, NORTH, "HPAYMT"), "auditor-client",
			new DevClient("AUDITOR", CLINICAL_RECORDS_AUDIENCE, null, "HCOMPL"), "short-lived-client",
			new DevClient("PROVIDER", CLINICAL_RECORDS_AUDIENCE, NORTH, TREATMENT), "other-service-client",
			new DevClient("PROVIDER", "billing-service", NORTH, TREATMENT), "er-provider-client",
			// an emergency-room provider: declares emergency treatment, so it reads
			// charts
			// only under a break-glass grant
			new DevClient("PROVIDER", CLINICAL_RECORDS_AUDIENCE, "east", "ETREAT"));

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		DevClient client = CLIENTS.get(context.getRegisteredClient().getClientId());
		if (client == null) {
			return;
		}
		context.getClaims()
			.audience(List.of(client.audience()))
			.claim("roles", List.of(client.role()))
			.claim("purpose_of_use", client.purposeOfUse());
		if (client.facility() != null) {
			context.getClaims().claim("facility", client.facility());
		}
	}

	/**
	 * Role, audience, facility and purpose of use given to one dev client.
	 *
	 * @param role the role, without the {@code ROLE_} prefix
	 * @param audience the audience of its access tokens
	 * @param facility the facility it acts for, or {@code null} for none
	 * @param purposeOfUse the HL7 PurposeOfUse code of its calls
	 */
	private record DevClient(String role, String audience, @Nullable String facility, String purposeOfUse) {

	}

}
