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

package io.github.hipaagrpc.error;

import java.util.List;
import java.util.stream.Stream;

import io.github.hipaagrpc.ephi.EphiFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogRedactor}.
 */
class LogRedactorTests {

	private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJwYXRpZW50LTQyIn0.c2lnbmF0dXJl";

	private static final String PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n"
			+ "-----END PRIVATE KEY-----";

	private final LogRedactor redactor = new LogRedactor(new EphiFields(List.of("ssn", "date_of_birth", "notes")));

	@ParameterizedTest(name = "{0}")
	@MethodSource("sensitiveTexts")
	void redactWhenTextHoldsSecretOrEphiMasksIt(String description, String text, String expected) {
		assertThat(this.redactor.redact(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "ab", "s.", "eyJ", "hvs.", "Bearer", "bearer token", "Missing bearer token.",
			"The bearer authentication failed", "Bearer realm=example", "Bearer error=\"invalid_token\"",
			"Started ClinicalRecordsApplication in 2.31 seconds (process running for 2.9)",
			"gRPC Server started, listening on address: *, port: 9443", "note: restart scheduled at 02:00",
			"Observed diagnosis codes for 3 charts", "ssn", "ssn:", "ssn=", "ssn: \"\"", "patient_ssn=123-45-6789",
			"https://idp.example.org:8443/oauth2/jwks?kid=k1", "Field 'ssn' is invalid", "hvs.short", "s.tooShort123",
			"process.AbcdefghijklmnopqrstuvwX", "eyJhbGciOi", "eyJabc.def", "x = 1; y: 2",
			"Metadata(content-type=application/grpc,grpc-accept-encoding=gzip)", "PRIVATE KEY rotation scheduled",
			"date_of: 1980-01-01" })
	void redactWhenTextHoldsNothingSensitiveReturnsSameText(String text) {
		assertThat(this.redactor.redact(text)).isSameAs(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer [REDACTED]", "authorization=[REDACTED]", "ssn: \"[REDACTED]\"",
			"\"ssn\":\"[REDACTED]\"", "token [REDACTED] issued" })
	void redactWhenTextIsAlreadyRedactedReturnsSameText(String text) {
		assertThat(this.redactor.redact(text)).isSameAs(text);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sensitiveTexts")
	void redactWhenRedactedTwiceGivesSameText(String description, String text, String expected) {
		assertThat(this.redactor.redact(this.redactor.redact(text))).isEqualTo(expected);
	}

	static Stream<Arguments> sensitiveTexts() {
		return Stream
			.of(bearerTokens(), jwts(), authorizationValues(), privateKeys(), vaultTokens(), protobufText(), json(),
					keyValues(), ephiNameSpellings())
			.flatMap((arguments) -> arguments);
	}

	private static Stream<Arguments> bearerTokens() {
		return Stream.of(
				Arguments.of("bearer opaque token", "Rejected Bearer 3q2+7wZk9QpLx0aVbN1mYc for call",
						"Rejected Bearer [REDACTED] for call"),
				Arguments.of("bearer in lower case", "header bearer abc123def456", "header bearer [REDACTED]"),
				Arguments.of("bearer in upper case", "BEARER abc123def456, retrying", "BEARER [REDACTED], retrying"),
				Arguments.of("bearer padded token", "Bearer dGVzdA==", "Bearer [REDACTED]"),
				Arguments.of("bearer long letters-only token", "Bearer abcdefghijklmnopqrstuvwxyz.",
						"Bearer [REDACTED]."),
				Arguments.of("bearer token then period", "sent Bearer a1b2c3d4.", "sent Bearer [REDACTED]."));
	}

	private static Stream<Arguments> jwts() {
		return Stream.of(Arguments.of("JWS", "token " + JWT + " expired", "token [REDACTED] expired"),
				Arguments.of("unsecured JWT", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "[REDACTED]"),
				Arguments.of("JWE", "got eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn!", "got [REDACTED]!"),
				Arguments.of("bearer JWT", "Bearer " + JWT, "Bearer [REDACTED]"));
	}

	private static Stream<Arguments> authorizationValues() {
		return Stream.of(
				Arguments.of("gRPC metadata",
						"Metadata(content-type=application/grpc,authorization=Bearer " + JWT
								+ ",grpc-accept-encoding=gzip)",
						"Metadata(content-type=application/grpc,authorization=[REDACTED],grpc-accept-encoding=gzip)"),
				Arguments.of("HTTP header", "Authorization: Basic dXNlcjpwYXNzd29yZA==\nHost: idp",
						"Authorization: [REDACTED]\nHost: idp"),
				Arguments.of("JSON", "{\"authorization\": \"Bearer abc123def456\"}",
						"{\"authorization\": \"[REDACTED]\"}"),
				Arguments.of("proxy authorization", "proxy-authorization=Basic Zm9vOmJhcg==",
						"proxy-authorization=[REDACTED]"),
				Arguments.of("Vault header", "X-Vault-Token: hvs.whatever", "X-Vault-Token: [REDACTED]"),
				Arguments.of("OAuth token response", "{\"access_token\":\"opaque-7\",\"refreshToken\":\"r-9\"}",
						"{\"access_token\":\"[REDACTED]\",\"refreshToken\":\"[REDACTED]\"}"),
				Arguments.of("client credentials", "client_id=records&client_secret=s3cr3t&idToken=x",
						"client_id=records&client_secret=[REDACTED]&idToken=[REDACTED]"),
				Arguments.of("JDBC URL", "jdbc:postgresql://db/records?user=app&password=pw",
						"jdbc:postgresql://db/records?user=app&password=[REDACTED]"));
	}

	private static Stream<Arguments> privateKeys() {
		return Stream.of(Arguments.of("PKCS#8 key", "key follows " + PEM + " end", "key follows [REDACTED] end"),
				Arguments.of("RSA key",
						"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nnext",
						"[REDACTED]\nnext"),
				Arguments.of("encrypted key",
						"a -----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkq\n-----END ENCRYPTED PRIVATE KEY----- b",
						"a [REDACTED] b"),
				Arguments.of("truncated key", "bad key -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIO",
						"bad key [REDACTED]"),
				Arguments.of("two keys", PEM + " and " + PEM, "[REDACTED] and [REDACTED]"));
	}

	private static Stream<Arguments> vaultTokens() {
		return Stream.of(
				Arguments.of("service token", "login hvs.CAESIJ4mZ2x7Qk9pLw3vYtRbNcDe ok", "login [REDACTED] ok"),
				Arguments.of("batch token", "hvb.AAAAAQJ4mZ2x7Qk9pLw3vYtRbNcDeFgHi", "[REDACTED]"),
				Arguments.of("recovery token", "(hvr.AAAAAQJ4mZ2x7Qk9pLw3vYtRbN)", "([REDACTED])"),
				Arguments.of("legacy token", "token=s.Ab3dEf6hIj9kLm2nOp5qRs8t;", "token=[REDACTED];"));
	}

	private static Stream<Arguments> protobufText() {
		return Stream.of(
				Arguments.of("string field", "ssn: \"123-45-6789\"\nward: \"4B\"", "ssn: \"[REDACTED]\"\nward: \"4B\""),
				Arguments.of("escaped quotes", "notes: \"said \\\"ouch\\\" twice\" ward: \"4B\"",
						"notes: \"[REDACTED]\" ward: \"4B\""),
				Arguments.of("number field", "date_of_birth: 19800101\nward: \"4B\"",
						"date_of_birth: [REDACTED]\nward: \"4B\""),
				Arguments.of("message field", "notes {\n  text: \"pain { mild }\"\n}\nward: \"4B\"",
						"notes {[REDACTED]}\nward: \"4B\""),
				Arguments.of("unterminated string", "ssn: \"123-45", "ssn: \"[REDACTED]"));
	}

	private static Stream<Arguments> json() {
		return Stream.of(
				Arguments.of("string", "{\"ssn\":\"123-45-6789\",\"ward\":\"4B\"}",
						"{\"ssn\":\"[REDACTED]\",\"ward\":\"4B\"}"),
				Arguments.of("spaced", "{ \"ssn\" : \"123-45-6789\" }", "{ \"ssn\" : \"[REDACTED]\" }"),
				Arguments.of("number", "{\"dateOfBirth\":19800101,\"ward\":\"4B\"}",
						"{\"dateOfBirth\":[REDACTED],\"ward\":\"4B\"}"),
				Arguments.of("array", "{\"notes\":[\"a\",\"b]\"],\"ward\":1}", "{\"notes\":[[REDACTED]],\"ward\":1}"),
				Arguments.of("object", "{\"notes\":{\"text\":\"x\"},\"ward\":1}",
						"{\"notes\":{[REDACTED]},\"ward\":1}"),
				Arguments.of("single quotes", "{'ssn': '123-45-6789'}", "{'ssn': '[REDACTED]'}"));
	}

	private static Stream<Arguments> keyValues() {
		return Stream.of(
				Arguments.of("record toString", "Patient[id=7, ssn=123-45-6789, dateOfBirth=1980-01-01]",
						"Patient[id=7, ssn=[REDACTED], dateOfBirth=[REDACTED]]"),
				Arguments.of("query string", "GET /patients?ssn=123-45-6789&ward=4B",
						"GET /patients?ssn=[REDACTED]&ward=4B"),
				Arguments.of("spaced equals", "ssn = 123-45-6789; ward = 4B", "ssn = [REDACTED]; ward = 4B"),
				Arguments.of("colon", "notes: patient reports pain, ward: 4B", "notes: [REDACTED], ward: 4B"),
				Arguments.of("dotted path", "patient.ssn=123-45-6789", "patient.ssn=[REDACTED]"),
				Arguments.of("nested", "patient={ssn=123-45-6789, ward=4B}", "patient={ssn=[REDACTED], ward=4B}"));
	}

	private static Stream<Arguments> ephiNameSpellings() {
		return Stream.of(Arguments.of("upper case", "SSN=123-45-6789", "SSN=[REDACTED]"),
				Arguments.of("camel case", "dateOfBirth: \"1980-01-01\"", "dateOfBirth: \"[REDACTED]\""),
				Arguments.of("kebab case", "date-of-birth=1980-01-01", "date-of-birth=[REDACTED]"));
	}

}
