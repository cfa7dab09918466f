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

package io.github.hipaagrpc.test.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LocalVaultServer} over raw HTTP: envelopes, errors, tokens, logins,
 * health and the test controls.
 */
class LocalVaultServerTests {

	private static final String PERMISSION_DENIED = "{\"errors\":[\"permission denied\"]}";

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private final LocalVaultServer vault = LocalVaultServer.builder()
		.appRole("orders", "orders-role-id", "orders-secret-id")
		.kubernetesRole("orders", "orders-service-account-jwt", "clinical", "orders")
		.tokenTtl(Duration.ofMinutes(20))
		.tokenMaxTtl(Duration.ofHours(1))
		.clock(Clock.fixed(START, ZoneOffset.UTC))
		.start();

	private final VaultHttp http = new VaultHttp(this.vault, this.vault.rootToken());

	private final VaultHttp anonymous = this.http.withToken(null);

	@AfterEach
	void closeServer() {
		this.vault.close();
	}

	@Test
	void uriWhenStartedUsesLoopbackAndEphemeralPort() {
		assertThat(this.vault.port()).isPositive();
		assertThat(this.vault.uri()).isEqualTo(URI.create("http://127.0.0.1:" + this.vault.port()));
		assertThat(this.vault.rootToken()).startsWith("hvs.");
	}

	@Test
	void lookupSelfWhenRootTokenReturnsEnvelopeWithRootPolicy() {
		VaultHttp.Response response = this.http.get("auth/token/lookup-self");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).isEqualTo("application/json");
		assertThat(response.json()).extractingPath("$.data.policies").asArray().containsExactly("root");
		assertThat(response.json()).extractingPath("$.data.ttl").asNumber().isEqualTo(0);
		assertThat(response.json()).extractingPath("$.data.expire_time").isNull();
		assertThat(response.json()).extractingPath("$.data.renewable").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.lease_id").asString().isEmpty();
		assertThat(response.json()).extractingPath("$.lease_duration").asNumber().isEqualTo(0);
		assertThat(response.json()).extractingPath("$.renewable").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.wrap_info").isNull();
		assertThat(response.json()).extractingPath("$.warnings").isNull();
		assertThat(response.json()).extractingPath("$.auth").isNull();
		assertThat(response.json()).extractingPath("$.mount_type").asString().isEqualTo("token");
		assertThat(response.json()).extractingPath("$.request_id").asString().hasSize(36);
	}

	@Test
	void requestWhenTokenMissingIsPermissionDenied() {
		VaultHttp.Response response = this.anonymous.get("auth/token/lookup-self");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json()).isStrictlyEqualTo(PERMISSION_DENIED);
	}

	@Test
	void requestWhenTokenUnknownIsPermissionDeniedEvenForUnknownPath() {
		VaultHttp.Response response = this.http.withToken("hvs.unknown").get("secret/data/app");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json()).isStrictlyEqualTo(PERMISSION_DENIED);
	}

	@Test
	void requestWhenBearerTokenSentIsAuthenticated() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.vault.uri() + "/v1/auth/token/lookup-self"))
			.header("Authorization", "Bearer " + this.vault.rootToken())
			.build();
		assertThat(this.anonymous.send(request).status()).isEqualTo(200);
	}

	@Test
	void requestWhenMountUnknownIsNotFoundWithRouteError() {
		VaultHttp.Response response = this.http.get("secret/data/app");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json()).isStrictlyEqualTo(
				"{\"errors\":[\"no handler for route \\\"secret/data/app\\\". route entry not found.\"]}");
	}

	@Test
	void requestWhenPathBelowMountUnknownIsUnsupportedPath() {
		VaultHttp.Response response = this.http.get("transit/unknown");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"unsupported path\"]}");
	}

	@Test
	void requestWhenOutsideApiPrefixIsNotFound() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.vault.uri() + "/health")).build();
		assertThat(this.http.send(request).status()).isEqualTo(404);
	}

	@Test
	void requestWhenMethodUnsupportedIsMethodNotAllowed() {
		VaultHttp.Response response = this.http.get("auth/token/renew-self");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"unsupported operation\"]}");
	}

	@Test
	void requestWhenPutUsedIsTreatedAsPost() {
		VaultHttp.Response response = this.anonymous.send("PUT", "auth/approle/login",
				"{\"role_id\":\"orders-role-id\",\"secret_id\":\"orders-secret-id\"}");
		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void requestWhenBodyIsNotJsonIsBadRequest() {
		VaultHttp.Response response = this.http.post("auth/token/create", "{not json");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).extractingPath("$.errors[0]").asString().startsWith("failed to parse JSON input");
	}

	@Test
	void requestWhenResponseWrappingRequestedIsRefused() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.vault.uri() + "/v1/auth/token/lookup-self"))
			.header("X-Vault-Token", this.vault.rootToken())
			.header("X-Vault-Wrap-TTL", "60s")
			.build();
		VaultHttp.Response response = this.http.send(request);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).extractingPath("$.errors[0]").asString().contains("wrapping");
	}

	@Test
	void requestWhenSealedIsServiceUnavailableOnEveryPath() {
		this.vault.seal();
		for (String path : List.of("auth/token/lookup-self", "pki/ca/pem", "transit/keys", "unknown/path")) {
			VaultHttp.Response response = this.http.get(path);
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"Vault is sealed\"]}");
		}
		VaultHttp.Response login = this.anonymous.post("auth/approle/login", "{}");
		assertThat(login.status()).isEqualTo(503);
		this.vault.unseal();
		assertThat(this.vault.isSealed()).isFalse();
		assertThat(this.http.get("auth/token/lookup-self").status()).isEqualTo(200);
	}

	@Test
	void healthWhenActiveReturnsTopLevelJson() {
		VaultHttp.Response response = this.anonymous.get("sys/health");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).doesNotHavePath("$.data");
		assertThat(response.json()).extractingPath("$.initialized").asBoolean().isTrue();
		assertThat(response.json()).extractingPath("$.sealed").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.standby").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.performance_standby").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.replication_performance_mode").asString().isEqualTo("disabled");
		assertThat(response.json()).extractingPath("$.replication_dr_mode").asString().isEqualTo("disabled");
		assertThat(response.json()).extractingPath("$.server_time_utc")
			.asNumber()
			.extracting(Number::longValue)
			.isEqualTo(START.getEpochSecond());
		assertThat(response.json()).extractingPath("$.version").asString().isEqualTo(LocalVaultServer.VERSION);
		assertThat(response.json()).extractingPath("$.cluster_name").asString().startsWith("vault-cluster-");
		assertThat(response.json()).extractingPath("$.cluster_id").asString().hasSize(36);
	}

	@Test
	void healthWhenSealedIsServiceUnavailableWithHealthBody() {
		this.vault.seal();
		VaultHttp.Response response = this.anonymous.get("sys/health");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.json()).extractingPath("$.sealed").asBoolean().isTrue();
		assertThat(response.json()).doesNotHavePath("$.cluster_id");
		assertThat(response.json()).doesNotHavePath("$.errors");
	}

	@Test
	void healthWhenStatusCodesOverriddenUsesThem() {
		assertThat(this.anonymous.get("sys/health?activecode=299&standbyok=true").status()).isEqualTo(299);
		this.vault.seal();
		assertThat(this.anonymous.get("sys/health?sealedcode=200").status()).isEqualTo(200);
	}

	@Test
	void healthWhenOverrideInvalidIsBadRequestWithEmptyErrors() {
		VaultHttp.Response response = this.anonymous.get("sys/health?standbycode=busy");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[]}");
	}

	@Test
	void healthWhenHeadRequestedAnswersStatusOnly() {
		this.vault.seal();
		VaultHttp.Response response = this.anonymous.send("HEAD", "sys/health", null);
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.bytes()).isEmpty();
	}

	@Test
	void sealStatusWhenSealedIsStillServed() {
		this.vault.seal();
		VaultHttp.Response response = this.anonymous.get("sys/seal-status");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.sealed").asBoolean().isTrue();
		assertThat(this.anonymous.get("sys/init").json()).extractingPath("$.initialized").asBoolean().isTrue();
	}

	@Test
	void appRoleLoginWhenCredentialsValidReturnsAuthBlock() {
		VaultHttp.Response response = this.anonymous.post("auth/approle/login",
				"{\"role_id\":\"orders-role-id\",\"secret_id\":\"orders-secret-id\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.data").isNull();
		assertThat(response.json()).extractingPath("$.auth.client_token").asString().startsWith("hvs.");
		assertThat(response.json()).extractingPath("$.auth.accessor").asString().isNotEmpty();
		assertThat(response.json()).extractingPath("$.auth.token_policies").asArray().containsExactly("default");
		assertThat(response.json()).extractingPath("$.auth.metadata.role_name").asString().isEqualTo("orders");
		assertThat(response.json()).extractingPath("$.auth.lease_duration").asNumber().isEqualTo(1200);
		assertThat(response.json()).extractingPath("$.auth.renewable").asBoolean().isTrue();
		assertThat(response.json()).extractingPath("$.auth.token_type").asString().isEqualTo("service");
		assertThat(response.json()).extractingPath("$.mount_type").asString().isEqualTo("approle");
	}

	@Test
	void appRoleLoginWhenSecretIdWrongIsBadRequest() {
		VaultHttp.Response response = this.anonymous.post("auth/approle/login",
				"{\"role_id\":\"orders-role-id\",\"secret_id\":\"wrong\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"invalid role or secret ID\"]}");
	}

	@Test
	void appRoleLoginWhenRoleIdMissingIsBadRequest() {
		VaultHttp.Response response = this.anonymous.post("auth/approle/login", "{}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"missing role_id\"]}");
	}

	@Test
	void kubernetesLoginWhenJwtAcceptedReturnsServiceAccountMetadata() {
		VaultHttp.Response response = this.anonymous.post("auth/kubernetes/login",
				"{\"role\":\"orders\",\"jwt\":\"orders-service-account-jwt\"}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.auth.metadata")
			.asMap()
			.containsEntry("role", "orders")
			.containsEntry("service_account_name", "orders")
			.containsEntry("service_account_namespace", "clinical")
			.containsKey("service_account_uid");
		assertThat(response.json()).extractingPath("$.auth.renewable").asBoolean().isTrue();
		assertThat(response.json()).extractingPath("$.auth.policies").asArray().containsExactly("default");
	}

	@Test
	void kubernetesLoginWhenJwtRejectedIsPermissionDenied() {
		VaultHttp.Response response = this.anonymous.post("auth/kubernetes/login",
				"{\"role\":\"orders\",\"jwt\":\"forged\"}");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json()).isStrictlyEqualTo(PERMISSION_DENIED);
	}

	@Test
	void kubernetesLoginWhenRoleUnknownIsBadRequest() {
		VaultHttp.Response response = this.anonymous.post("auth/kubernetes/login",
				"{\"role\":\"billing\",\"jwt\":\"orders-service-account-jwt\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"invalid role name \\\"billing\\\"\"]}");
	}

	@Test
	void kubernetesLoginWhenMountPathConfiguredIsServedThere() {
		try (LocalVaultServer custom = LocalVaultServer.builder()
			.kubernetesPath("k8s-east")
			.kubernetesRole("orders", "jwt")
			.start()) {
			VaultHttp http = new VaultHttp(custom, null);
			VaultHttp.Response response = http.post("auth/k8s-east/login", "{\"role\":\"orders\",\"jwt\":\"jwt\"}");
			assertThat(response.status()).isEqualTo(200);
			assertThat(http.withToken(custom.rootToken()).post("auth/kubernetes/login", "{}").status()).isEqualTo(404);
		}
	}

	@Test
	void renewSelfWhenTokenRenewableExtendsTtl() {
		String token = login();
		this.vault.advanceClock(Duration.ofMinutes(15));
		VaultHttp tokenHttp = this.http.withToken(token);
		assertThat(tokenHttp.get("auth/token/lookup-self").json()).extractingPath("$.data.ttl")
			.asNumber()
			.isEqualTo(300);
		VaultHttp.Response response = tokenHttp.post("auth/token/renew-self", "");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.auth.client_token").asString().isEqualTo(token);
		assertThat(response.json()).extractingPath("$.auth.lease_duration").asNumber().isEqualTo(1200);
		assertThat(tokenHttp.get("auth/token/lookup-self").json()).extractingPath("$.data.last_renewal_time")
			.asNumber()
			.extracting(Number::longValue)
			.isEqualTo(START.plus(Duration.ofMinutes(15)).getEpochSecond());
		assertThat(this.vault.requestCount("auth/token/renew-self")).isOne();
	}

	@Test
	void renewSelfWhenMaxTtlReachedCapsWithWarning() {
		VaultHttp tokenHttp = this.http.withToken(login());
		for (int i = 0; i < 2; i++) {
			this.vault.advanceClock(Duration.ofMinutes(15));
			assertThat(tokenHttp.post("auth/token/renew-self", "{}").status()).isEqualTo(200);
		}
		this.vault.advanceClock(Duration.ofMinutes(15));
		VaultHttp.Response response = tokenHttp.post("auth/token/renew-self", "{}");
		assertThat(response.json()).extractingPath("$.auth.lease_duration").asNumber().isEqualTo(900);
		assertThat(response.json()).extractingPath("$.warnings[0]")
			.asString()
			.isEqualTo("TTL of \"20m\" exceeded the effective max_ttl of \"15m\"; TTL value is capped accordingly");
	}

	@Test
	void renewSelfWhenRootTokenIsNotRenewable() {
		VaultHttp.Response response = this.http.post("auth/token/renew-self", "");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).isStrictlyEqualTo("{\"errors\":[\"lease is not renewable\"]}");
	}

	@Test
	void revokeSelfWhenCalledAnswersNoContentAndRevokesToken() {
		String token = login();
		VaultHttp.Response response = this.http.withToken(token).post("auth/token/revoke-self", "");
		assertThat(response.status()).isEqualTo(204);
		assertThat(response.bytes()).isEmpty();
		assertThat(this.http.withToken(token).get("auth/token/lookup-self").status()).isEqualTo(403);
	}

	@Test
	void createWhenTtlGivenReturnsChildTokenWithDefaultPolicy() {
		VaultHttp.Response response = this.http.post("auth/token/create",
				"{\"policies\":[\"orders\"],\"ttl\":\"90s\",\"renewable\":false}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).extractingPath("$.auth.policies").asArray().containsExactly("default", "orders");
		assertThat(response.json()).extractingPath("$.auth.lease_duration").asNumber().isEqualTo(90);
		assertThat(response.json()).extractingPath("$.auth.renewable").asBoolean().isFalse();
		assertThat(response.json()).extractingPath("$.auth.orphan").asBoolean().isFalse();
	}

	@Test
	void createTokenWhenTtlGivenExpiresAfterIt() {
		String token = this.vault.createToken(Duration.ofSeconds(30));
		VaultHttp tokenHttp = this.http.withToken(token);
		assertThat(tokenHttp.get("auth/token/lookup-self").json()).extractingPath("$.data.ttl")
			.asNumber()
			.isEqualTo(30);
		this.vault.advanceClock(Duration.ofSeconds(30));
		assertThat(this.vault.now()).isEqualTo(START.plusSeconds(30));
		VaultHttp.Response response = tokenHttp.get("auth/token/lookup-self");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json()).isStrictlyEqualTo(PERMISSION_DENIED);
	}

	@Test
	void expireTokenWhenCalledMakesTokenPermissionDenied() {
		String token = login();
		this.vault.expireToken(token);
		assertThat(this.http.withToken(token).get("auth/token/lookup-self").status()).isEqualTo(403);
		assertThatIllegalArgumentException().isThrownBy(() -> this.vault.expireToken("hvs.unknown"));
	}

	@Test
	void revokeTokenWhenCalledMakesTokenPermissionDenied() {
		String token = login();
		this.vault.revokeToken(token);
		assertThat(this.http.withToken(token).get("auth/token/lookup-self").status()).isEqualTo(403);
	}

	@Test
	void requestCountWhenRequestsArriveCountsPerPath() {
		this.http.get("auth/token/lookup-self");
		this.anonymous.get("auth/token/lookup-self");
		this.anonymous.get("sys/health");
		assertThat(this.vault.requestCount("auth/token/lookup-self")).isEqualTo(2);
		assertThat(this.vault.requestCount("/v1/sys/health")).isOne();
		assertThat(this.vault.requestCount("transit/keys")).isZero();
		assertThat(this.vault.requestCount()).isEqualTo(3);
		this.vault.resetRequestCounts();
		assertThat(this.vault.requestCount()).isZero();
	}

	@Test
	void builderWhenMountPathsCollideFails() {
		assertThatIllegalStateException().isThrownBy(() -> LocalVaultServer.builder().pkiPath("transit").start());
		assertThatIllegalArgumentException().isThrownBy(() -> LocalVaultServer.builder().pkiPath("/pki"));
	}

	@Test
	void startWhenPortSetListensOnThatPort() {
		int port = TestSocketUtils.findAvailableTcpPort();
		try (LocalVaultServer fixed = LocalVaultServer.builder().port(port).start()) {
			assertThat(fixed.port()).isEqualTo(port);
			assertThat(fixed.uri()).isEqualTo(URI.create("http://127.0.0.1:" + port));
			assertThat(new VaultHttp(fixed, fixed.rootToken()).get("sys/health").status()).isEqualTo(200);
		}
	}

	@Test
	void startWhenPortTakenFailsNamingPort() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> LocalVaultServer.builder().port(this.vault.port()).start())
			.withMessageContaining("'" + this.vault.port() + "'");
	}

	@Test
	void builderWhenPortOutOfRangeFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalVaultServer.builder().port(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> LocalVaultServer.builder().port(65536));
	}

	@Test
	void closeWhenCalledRefusesConnections() {
		int port = this.vault.port();
		this.vault.close();
		this.vault.close();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close());
	}

	private String login() {
		return this.anonymous
			.post("auth/approle/login", "{\"role_id\":\"orders-role-id\",\"secret_id\":\"orders-secret-id\"}")
			.string("$.auth.client_token");
	}

}
