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

package io.github.hipaagrpc.sample.vault;

import java.time.Duration;
import java.util.Map;

import io.github.hipaagrpc.test.vault.LocalVaultServer;
import io.github.hipaagrpc.test.vault.PkiRole;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the test kit's Vault double when the {@code vault-double} profile is active,
 * before any bean needs Vault, and points Spring Cloud Vault at it with a token of its
 * own. The double has a PKI role of the name {@code hipaa.grpc.tls.vault.role} gives,
 * allowing the names the sample's certificates carry. It stops with the application, and
 * it is a bean named {@code localVaultServer} for tests.
 *
 * @since 0.1.0
 */
public class VaultDoubleEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/**
	 * Profile that starts the Vault double.
	 */
	public static final String PROFILE = "vault-double";

	/**
	 * Name of the property source that points Spring Cloud Vault at the double.
	 */
	public static final String PROPERTY_SOURCE_NAME = "vaultDouble";

	/**
	 * Name of the bean holding the running double.
	 */
	public static final String BEAN_NAME = "localVaultServer";

	private static final Duration TOKEN_TTL = Duration.ofHours(24);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.matchesProfiles(PROFILE) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		VaultDoubleProperties properties = Binder.get(environment)
			.bindOrCreate("sample.vault-double", VaultDoubleProperties.class);
		String pkiPath = environment.getProperty("hipaa.grpc.tls.vault.pki-path", "pki");
		String role = environment.getRequiredProperty("hipaa.grpc.tls.vault.role");
		LocalVaultServer vault = LocalVaultServer.builder()
			.port(properties.getPort())
			.pkiPath(pkiPath)
			.pkiRole(pkiRole(role, properties.getMaxTtl()))
			.start();
		String transitKey = environment.getProperty("hipaa.grpc.encryption.vault.key-name");
		if (transitKey != null) {
			vault.transit().createKey(transitKey);
		}
		Map<String, Object> connection = Map.of("spring.cloud.vault.uri", vault.uri().toString(),
				"spring.cloud.vault.authentication", "TOKEN", "spring.cloud.vault.token", vault.createToken(TOKEN_TTL));
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, connection));
		application.addListeners(new VaultDoubleLifecycle(vault, pkiPath, role));
		application.addInitializers(registerBean(vault));
	}

	// The same role as the README's 'vault write pki/roles/...' command creates in Vault.
	private static PkiRole pkiRole(String name, Duration maxTtl) {
		return PkiRole.named(name)
			.allowedDomains("localhost")
			.allowBareDomains(true)
			.allowIpSans(true)
			.keyType("ec")
			.keyBits(256)
			.maxTtl(maxTtl);
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> registerBean(LocalVaultServer vault) {
		return (context) -> context.getBeanFactory().registerSingleton(BEAN_NAME, vault);
	}

}
