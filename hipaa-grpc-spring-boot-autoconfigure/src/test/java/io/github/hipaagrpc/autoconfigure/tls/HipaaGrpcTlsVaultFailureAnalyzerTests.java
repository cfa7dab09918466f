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

package io.github.hipaagrpc.autoconfigure.tls;

import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException;
import io.github.hipaagrpc.tls.HipaaGrpcTlsVaultCertificateException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcTlsVaultFailureAnalyzer}.
 */
class HipaaGrpcTlsVaultFailureAnalyzerTests {

	private final HipaaGrpcTlsVaultFailureAnalyzer analyzer = new HipaaGrpcTlsVaultFailureAnalyzer();

	@ParameterizedTest
	@EnumSource(Reason.class)
	void analyzeWhenVaultDidNotIssueDescribesTheFailureAndAnAction(Reason reason) {
		FailureAnalysis analysis = analyze(reason);
		assertThat(analysis.getDescription()).contains("Vault PKI at 'pki-grpc'")
			.contains("role 'records'")
			.contains("Vault said no");
		assertThat(analysis.getAction()).isNotBlank();
	}

	@Test
	void analyzeWhenUnreachableNamesTheVaultUri() {
		assertThat(analyze(Reason.UNREACHABLE).getAction()).contains("spring.cloud.vault.uri");
	}

	@Test
	void analyzeWhenSealedSaysToUnseal() {
		assertThat(analyze(Reason.SEALED).getAction()).contains("Unseal Vault");
	}

	@Test
	void analyzeWhenPermissionDeniedNamesThePolicyPath() {
		assertThat(analyze(Reason.PERMISSION_DENIED).getAction()).contains("'pki-grpc/issue/records'")
			.contains("expired");
	}

	@Test
	void analyzeWhenRoleUnknownNamesTheRoleProperty() {
		assertThat(analyze(Reason.UNKNOWN_ROLE).getAction()).contains("pki-grpc/roles/records")
			.contains("hipaa.grpc.tls.vault.role");
	}

	@Test
	void analyzeWhenPkiPathNotFoundNamesThePathProperty() {
		assertThat(analyze(Reason.PKI_PATH_NOT_FOUND).getAction()).contains("hipaa.grpc.tls.vault.pki-path");
	}

	@Test
	void analyzeWhenRefusedNamesTheNameProperties() {
		assertThat(analyze(Reason.REFUSED).getAction()).contains("allowed_domains")
			.contains("hipaa.grpc.tls.vault.common-name");
	}

	@Test
	void analyzeWhenOtherFailureReturnsNull() {
		assertThat(this.analyzer.analyze(new IllegalStateException("other"))).isNull();
	}

	private FailureAnalysis analyze(Reason reason) {
		HipaaGrpcTlsVaultCertificateException failure = new HipaaGrpcTlsVaultCertificateException(reason, "pki-grpc",
				"records", new IllegalStateException("Vault said no"));
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("hipaaGrpcTlsKeyMaterial", "Creation failed", failure));
		if (analysis == null) {
			throw new AssertionError("Failure not analyzed");
		}
		return analysis;
	}

}
