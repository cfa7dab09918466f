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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.hipaagrpc.sample.proto.AuditRecord;
import io.github.hipaagrpc.sample.proto.ClinicalRecordsGrpc;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrant;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * The scripted scenario: every role tries every method; then calls without a token, with
 * a token for another audience, without TLS and with an expired token; a health check
 * without a token; a simulated store failure; a burst of claims past the biller's rate
 * limit; break-glass emergency access without and with a reason, and an auditor's review
 * of it; and, last, an auditor's export of the audit trail the scenario left, which must
 * list the provider's chart read.
 *
 * @since 0.1.0
 */
public class Scenario {

	private static final Log logger = LogFactory.getLog(Scenario.class);

	private static final List<ScenarioIdentity> ROLE_CLIENTS = List.of(
			new ScenarioIdentity("provider-client", "PROVIDER"),
			new ScenarioIdentity("pharmacist-client", "PHARMACIST"), new ScenarioIdentity("biller-client", "BILLER"),
			new ScenarioIdentity("auditor-client", "AUDITOR"));

	private static final String OK = "OK";

	private static final String UNAUTHENTICATED = "UNAUTHENTICATED";

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	private static final int MAXIMUM_BURST = 20;

	private static final String CHART_READ_FOUND = "CHART_READ_FOUND";

	private static final String GRANT_FOUND = "GRANT_FOUND";

	private static final String BREAK_GLASS_REASON = "Scenario: unresponsive walk-in, allergy list needed";

	private static final String GET_CHART_METHOD = ClinicalRecordsGrpc.getGetChartMethod().getFullMethodName();

	private final RecordsClient client;

	private final RecordsClient plaintextClient;

	private final EmergencyAccessClient emergencyClient;

	private final TokenClient tokens;

	private final Duration expiryTimeout;

	private final Clock clock = Clock.systemUTC();

	/**
	 * Create a new scenario.
	 * @param channel the TLS channel to the gRPC server
	 * @param plaintextChannel a channel to the same port without TLS, which must fail
	 * @param tokens the client that fetches access tokens
	 * @param callTimeout the deadline of each call
	 * @param expiryTimeout the longest wait, after the short-lived token's expiry, for
	 * the server to refuse it
	 */
	public Scenario(Channel channel, Channel plaintextChannel, TokenClient tokens, Duration callTimeout,
			Duration expiryTimeout) {
		this.client = new RecordsClient(channel, callTimeout);
		this.plaintextClient = new RecordsClient(plaintextChannel, callTimeout);
		this.emergencyClient = new EmergencyAccessClient(channel, callTimeout);
		this.tokens = tokens;
		this.expiryTimeout = expiryTimeout;
	}

	/**
	 * Run every step of the scenario.
	 * @return the report of every call made
	 */
	public ScenarioReport run() {
		Instant startedAt = this.clock.instant();
		List<ScenarioResult> results = new ArrayList<>();
		ROLE_CLIENTS.forEach((identity) -> callEveryMethod(identity, results));
		callWithoutToken(results);
		callForOtherAudience(results);
		callOverPlaintext(results);
		results.add(new ScenarioResult("Health/Check (unary)", "no token", "SERVING", this.client.checkHealth()));
		callWithExpiredToken(results);
		callFaultyChart(results);
		callPastClaimsLimit(results);
		callAtFacilities(results);
		breakGlass(startedAt, results);
		exportAuditTrail(startedAt, results);
		return new ScenarioReport(results);
	}

	private void exportAuditTrail(Instant startedAt, List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("auditor-client");
		String label = RecordsCall.EXPORT_AUDIT_TRAIL.label();
		String identity = "auditor-client (AUDITOR), the scenario's time window";
		try {
			List<AuditRecord> records = this.client.exportAuditTrail(token, startedAt, this.clock.instant());
			String actual = records.stream().anyMatch(Scenario::isProviderChartRead) ? CHART_READ_FOUND
					: "CHART_READ_MISSING";
			String call = label + " (" + records.size() + " records)";
			results.add(new ScenarioResult(call, identity, CHART_READ_FOUND, actual));
		}
		catch (StatusRuntimeException ex) {
			results.add(new ScenarioResult(label, identity, CHART_READ_FOUND, ex.getStatus().getCode().name()));
		}
	}

	private static boolean isProviderChartRead(AuditRecord record) {
		return GET_CHART_METHOD.equals(record.getMethod()) && "provider-client".equals(record.getPrincipal())
				&& ("Patient/" + RecordsClient.PATIENT_ID).equals(record.getResourceReference())
				&& OK.equals(record.getStatusCode());
	}

	private void breakGlass(Instant startedAt, List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("er-provider-client");
		String label = "EmergencyAccess/ReadChartInEmergency (unary)";
		results.add(new ScenarioResult(label, "er-provider-client (PROVIDER, ETREAT) without a reason",
				"PERMISSION_DENIED", this.emergencyClient.readChartInEmergency(token, null)));
		results.add(new ScenarioResult(label, "er-provider-client (PROVIDER, ETREAT) with a reason", OK,
				this.emergencyClient.readChartInEmergency(token, BREAK_GLASS_REASON)));
		reviewEmergencyAccesses(startedAt, results);
	}

	private void reviewEmergencyAccesses(Instant startedAt, List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("auditor-client");
		String label = "EmergencyAccess/ListEmergencyAccesses (server streaming)";
		String identity = "auditor-client (AUDITOR), the scenario's time window";
		try {
			List<EmergencyAccessGrant> grants = this.emergencyClient.listEmergencyAccesses(token, startedAt,
					this.clock.instant());
			String actual = grants.stream().anyMatch(Scenario::isReviewableGrant) ? GRANT_FOUND : "GRANT_MISSING";
			results.add(new ScenarioResult(label + " (" + grants.size() + " grants)", identity, GRANT_FOUND, actual));
		}
		catch (StatusRuntimeException ex) {
			results.add(new ScenarioResult(label, identity, GRANT_FOUND, ex.getStatus().getCode().name()));
		}
	}

	private static boolean isReviewableGrant(EmergencyAccessGrant grant) {
		return "er-provider-client".equals(grant.getPrincipal()) && BREAK_GLASS_REASON.equals(grant.getReason())
				&& grant.getCallCount() >= 1;
	}

	private void callPastClaimsLimit(List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("biller-client");
		String actual = this.client.call(RecordsCall.SUBMIT_CLAIMS, token);
		for (int i = 0; i < MAXIMUM_BURST && OK.equals(actual); i++) {
			actual = this.client.call(RecordsCall.SUBMIT_CLAIMS, token);
		}
		results.add(new ScenarioResult(RecordsCall.SUBMIT_CLAIMS.label(), "biller-client, a burst past its limit",
				"RESOURCE_EXHAUSTED", actual));
	}

	private void callAtFacilities(List<ScenarioResult> results) {
		String label = RecordsCall.GET_CHART.label();
		String north = this.client.getChart(this.tokens.fetch("provider-client"), RecordsClient.SOUTH_PATIENT_ID);
		results.add(new ScenarioResult(label, "provider-client (north), chart at south", "PERMISSION_DENIED", north));
		String south = this.client.getChart(this.tokens.fetch("south-provider-client"), RecordsClient.SOUTH_PATIENT_ID);
		results.add(new ScenarioResult(label, "south-provider-client (south), chart at south", OK, south));
	}

	private void callFaultyChart(List<ScenarioResult> results) {
		String actual = this.client.getFaultyChart(this.tokens.fetch("provider-client"));
		String code = actual.contains(" ") ? actual.substring(0, actual.indexOf(' ')) : actual;
		results.add(new ScenarioResult(RecordsCall.GET_CHART.label() + " " + actual.substring(code.length()).trim(),
				"provider-client, simulated store failure", "INTERNAL", code));
	}

	private void callEveryMethod(ScenarioIdentity identity, List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch(identity.clientId());
		for (RecordsCall call : RecordsCall.values()) {
			String expected = call.allows(identity.role()) ? OK : "PERMISSION_DENIED";
			results.add(new ScenarioResult(call.label(), identity.label(), expected, this.client.call(call, token)));
		}
	}

	private void callWithoutToken(List<ScenarioResult> results) {
		for (RecordsCall call : List.of(RecordsCall.GET_CHART, RecordsCall.DISPENSE_PRESCRIPTIONS)) {
			results.add(new ScenarioResult(call.label(), "no token", UNAUTHENTICATED, this.client.call(call, null)));
		}
	}

	private void callForOtherAudience(List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("other-service-client");
		String actual = this.client.call(RecordsCall.GET_CHART, token);
		results.add(new ScenarioResult(RecordsCall.GET_CHART.label(), "other-service-client (audience billing-service)",
				UNAUTHENTICATED, actual));
	}

	private void callOverPlaintext(List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("provider-client");
		String actual = this.plaintextClient.call(RecordsCall.GET_CHART, token);
		results.add(new ScenarioResult(RecordsCall.GET_CHART.label(), "provider-client (PROVIDER) without TLS",
				"UNAVAILABLE", actual));
	}

	private void callWithExpiredToken(List<ScenarioResult> results) {
		AccessToken token = this.tokens.fetch("short-lived-client");
		String label = RecordsCall.GET_CHART.label();
		String fresh = this.client.call(RecordsCall.GET_CHART, token);
		results.add(new ScenarioResult(label, "short-lived-client (fresh token)", OK, fresh));
		String expired = awaitRefusal(token);
		results.add(new ScenarioResult(label, "short-lived-client (expired token)", UNAUTHENTICATED, expired));
	}

	private String awaitRefusal(AccessToken token) {
		Instant deadline = token.expiresAt().plus(this.expiryTimeout);
		logger.info(LogMessage.format("Waiting for the short-lived token to expire at %s (giving up at %s)",
				token.expiresAt(), deadline));
		sleepUntil(token.expiresAt());
		String actual = this.client.call(RecordsCall.GET_CHART, token);
		while (OK.equals(actual) && this.clock.instant().isBefore(deadline)) {
			sleepUntil(this.clock.instant().plus(POLL_INTERVAL));
			actual = this.client.call(RecordsCall.GET_CHART, token);
		}
		return actual;
	}

	private void sleepUntil(Instant instant) {
		Duration wait = Duration.between(this.clock.instant(), instant);
		if (wait.isNegative() || wait.isZero()) {
			return;
		}
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A dev client and the role its tokens carry.
	 *
	 * @param clientId the client id
	 * @param role the role, without the {@code ROLE_} prefix
	 */
	private record ScenarioIdentity(String clientId, String role) {

		String label() {
			return this.clientId + " (" + this.role + ")";
		}

	}

}
