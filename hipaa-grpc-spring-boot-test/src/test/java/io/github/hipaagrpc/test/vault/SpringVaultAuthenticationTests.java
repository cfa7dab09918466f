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

import java.time.Duration;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LifecycleAwareSessionManagerSupport.FixedTimeoutRefreshTrigger;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClient;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultHealth;
import org.springframework.vault.support.VaultToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LocalVaultServer} driven by Spring Vault: token, AppRole and
 * Kubernetes authentication, token renewal and expiry, and {@code sys/health}.
 */
class SpringVaultAuthenticationTests {

	private final LocalVaultServer vault = LocalVaultServer.builder()
		.appRole("orders", "orders-role-id", "orders-secret-id")
		.kubernetesRole("orders", "orders-service-account-jwt", "clinical", "orders")
		.start();

	private final VaultClient client = VaultClient.create(VaultEndpoint.from(this.vault.uri()));

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	SpringVaultAuthenticationTests() {
		this.scheduler.setPoolSize(2);
		this.scheduler.setDaemon(true);
		this.scheduler.afterPropertiesSet();
	}

	@AfterEach
	void stop() {
		this.scheduler.shutdown();
		this.vault.close();
	}

	@Test
	void tokenAuthenticationWhenSessionManagedLooksUpTokenSelf() {
		String token = this.vault.createToken(Duration.ofMinutes(5));
		LifecycleAwareSessionManager sessionManager = sessionManager(new TokenAuthentication(token));
		VaultToken sessionToken = sessionManager.getSessionToken();
		assertThat(sessionToken).isInstanceOf(LoginToken.class);
		LoginToken loginToken = (LoginToken) sessionToken;
		assertThat(loginToken.getToken()).isEqualTo(token);
		assertThat(loginToken.isRenewable()).isTrue();
		assertThat(loginToken.getLeaseDuration()).isBetween(Duration.ofSeconds(295), Duration.ofMinutes(5));
		assertThat(this.vault.requestCount("auth/token/lookup-self")).isOne();
	}

	@Test
	void appRoleAuthenticationWhenCredentialsValidReturnsRenewableLoginToken() {
		VaultToken token = appRole("orders-secret-id").login();
		assertThat(token).isInstanceOf(LoginToken.class);
		LoginToken loginToken = (LoginToken) token;
		assertThat(loginToken.getAccessor()).isNotEmpty();
		assertThat(loginToken.isRenewable()).isTrue();
		assertThat(loginToken.getLeaseDuration()).isEqualTo(Duration.ofDays(32));
		assertThat(loginToken.isServiceToken()).isTrue();
	}

	@Test
	void appRoleAuthenticationWhenSecretIdWrongFails() {
		assertThatExceptionOfType(VaultException.class).isThrownBy(() -> appRole("wrong").login())
			.withMessageContaining("invalid role or secret ID");
	}

	@Test
	void kubernetesAuthenticationWhenJwtAcceptedReturnsLoginToken() {
		VaultToken token = kubernetes("orders-service-account-jwt").login();
		assertThat(token).isInstanceOf(LoginToken.class);
		VaultTemplate template = new VaultTemplate(this.client, new TokenAuthentication(token));
		assertThat(template.read("auth/token/lookup-self")).extracting("data", InstanceOfAssertFactories.MAP)
			.containsEntry("display_name", "kubernetes-clinical-orders");
	}

	@Test
	void kubernetesAuthenticationWhenJwtRejectedFails() {
		assertThatExceptionOfType(VaultException.class).isThrownBy(() -> kubernetes("forged").login())
			.withMessageContaining("permission denied");
	}

	@Test
	void sessionManagerWhenTokenShortLivedRenewsItBeforeExpiry() {
		try (LocalVaultServer shortLived = LocalVaultServer.builder()
			.appRole("orders", "orders-role-id", "orders-secret-id")
			.tokenTtl(Duration.ofSeconds(3))
			.start()) {
			VaultClient client = VaultClient.create(VaultEndpoint.from(shortLived.uri()));
			AppRoleAuthentication authentication = new AppRoleAuthentication(appRoleOptions("orders-secret-id"),
					client);
			LifecycleAwareSessionManager sessionManager = new LifecycleAwareSessionManager(authentication,
					this.scheduler, client,
					new FixedTimeoutRefreshTrigger(Duration.ofSeconds(2), Duration.ofSeconds(1)));
			sessionManager.getSessionToken();
			await().atMost(Duration.ofSeconds(20)).until(() -> shortLived.requestCount("auth/token/renew-self") >= 2);
			assertThat(shortLived.requestCount("auth/approle/login")).isOne();
			sessionManager.destroy();
			assertThat(shortLived.requestCount("auth/token/revoke-self")).isOne();
		}
	}

	@Test
	void sessionWhenTokenExpiredIsDeniedAndLoginAgainWorks() {
		this.vault.transit().createKey("orders");
		LifecycleAwareSessionManager sessionManager = sessionManager(appRole("orders-secret-id"));
		VaultTemplate template = new VaultTemplate(this.client, sessionManager);
		assertThat(template.opsForTransit().encrypt("orders", "hello")).startsWith("vault:v1:");
		this.vault.expireToken(sessionManager.getSessionToken().getToken());
		assertThatExceptionOfType(VaultException.class)
			.isThrownBy(() -> template.opsForTransit().encrypt("orders", "hello"))
			.withMessageContaining("403")
			.withMessageContaining("permission denied");
		sessionManager.revoke();
		assertThat(template.opsForTransit().encrypt("orders", "hello")).startsWith("vault:v1:");
		assertThat(this.vault.requestCount("auth/approle/login")).isEqualTo(2);
	}

	@Test
	void healthWhenActiveReportsInitializedAndUnsealed() {
		VaultTemplate template = new VaultTemplate(this.client, new TokenAuthentication(this.vault.rootToken()));
		VaultHealth health = template.opsForSys().health();
		assertThat(health.isInitialized()).isTrue();
		assertThat(health.isSealed()).isFalse();
		assertThat(health.isStandby()).isFalse();
		assertThat(health.getVersion()).isEqualTo(LocalVaultServer.VERSION);
		assertThat(template.opsForSys().isInitialized()).isTrue();
	}

	@Test
	void healthWhenSealedReportsSealedAndOtherRequestsFail() {
		VaultTemplate template = new VaultTemplate(this.client, new TokenAuthentication(this.vault.rootToken()));
		this.vault.seal();
		assertThat(template.opsForSys().health().isSealed()).isTrue();
		assertThat(template.opsForSys().getUnsealStatus().isSealed()).isTrue();
		assertThatExceptionOfType(VaultException.class).isThrownBy(() -> template.read("auth/token/lookup-self"))
			.withMessageContaining("503")
			.withMessageContaining("Vault is sealed");
		this.vault.unseal();
		assertThat(template.read("auth/token/lookup-self")).isNotNull();
	}

	private LifecycleAwareSessionManager sessionManager(ClientAuthentication authentication) {
		return new LifecycleAwareSessionManager(authentication, this.scheduler, this.client);
	}

	private AppRoleAuthentication appRole(String secretId) {
		return new AppRoleAuthentication(appRoleOptions(secretId), this.client);
	}

	private static AppRoleAuthenticationOptions appRoleOptions(String secretId) {
		return AppRoleAuthenticationOptions.builder()
			.roleId(RoleId.provided("orders-role-id"))
			.secretId(SecretId.provided(secretId))
			.build();
	}

	private KubernetesAuthentication kubernetes(String jwt) {
		KubernetesAuthenticationOptions options = KubernetesAuthenticationOptions.builder()
			.role("orders")
			.jwtSupplier(() -> jwt)
			.build();
		return new KubernetesAuthentication(options, this.client);
	}

}
