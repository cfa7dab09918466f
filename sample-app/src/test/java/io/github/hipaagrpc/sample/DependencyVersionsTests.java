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

package io.github.hipaagrpc.sample;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.vault.config.VaultProperties;
import org.springframework.util.ClassUtils;
import org.springframework.vault.core.VaultOperations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the sample, which imports Spring Cloud's BOM as an application with Spring
 * Cloud Vault does, still runs on the Spring Vault and BouncyCastle versions the starter
 * needs: the BOM pins older ones of both.
 */
class DependencyVersionsTests {

	private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)");

	@Test
	void springCloudVaultWhenBomImportedIsOnClasspath() {
		assertThat(jarFileName(VaultProperties.class)).startsWith("spring-cloud-vault-config-");
	}

	@Test
	void springVaultWhenSpringCloudBomImportedHasCertificateContainer() {
		assertThat(ClassUtils.isPresent("org.springframework.vault.core.certificate.CertificateContainer", null))
			.isTrue();
	}

	@Test
	void springVaultWhenSpringCloudBomImportedIsAtLeast41() {
		assertThat(VaultOperations.class.getPackage().getImplementationVersion()).startsWith("4.")
			.satisfies((version) -> assertThat(isAtLeast(version, 4, 1)).as(version).isTrue());
		assertThat(jarFileName(VaultOperations.class)).startsWith("spring-vault-core-4.");
	}

	@Test
	void bouncyCastleWhenSpringCloudBomImportedIsAtLeast187InEveryJar() {
		for (Class<?> type : new Class<?>[] { BouncyCastleProvider.class, X509v3CertificateBuilder.class,
				ContentInfo.class }) {
			String version = jarVersion(type);
			assertThat(isAtLeast(version, 1, 87)).as("%s from '%s'", type.getName(), jarFileName(type)).isTrue();
		}
	}

	private static String jarVersion(Class<?> type) {
		String name = jarFileName(type);
		return name.substring(name.lastIndexOf('-') + 1, name.length() - ".jar".length());
	}

	private static String jarFileName(Class<?> type) {
		CodeSource codeSource = type.getProtectionDomain().getCodeSource();
		assertThat(codeSource).as(type.getName()).isNotNull();
		try {
			return Path.of(codeSource.getLocation().toURI()).getFileName().toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean isAtLeast(String version, int major, int minor) {
		Matcher matcher = MAJOR_MINOR.matcher(version);
		assertThat(matcher.lookingAt()).as("version '%s'", version).isTrue();
		int actualMajor = Integer.parseInt(matcher.group(1));
		int actualMinor = Integer.parseInt(matcher.group(2));
		return (actualMajor != major) ? actualMajor > major : actualMinor >= minor;
	}

}
