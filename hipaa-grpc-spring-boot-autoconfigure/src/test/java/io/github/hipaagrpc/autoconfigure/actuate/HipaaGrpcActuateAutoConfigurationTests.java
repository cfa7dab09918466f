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

package io.github.hipaagrpc.autoconfigure.actuate;

import java.util.List;

import io.github.hipaagrpc.actuate.GrpcAuditHealthIndicator;
import io.github.hipaagrpc.actuate.GrpcServerCertificateHealthIndicator;
import io.github.hipaagrpc.actuate.HipaaGrpcAuditEndpoint;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrity;
import io.github.hipaagrpc.audit.HipaaGrpcAuditIntegrityReport;
import io.github.hipaagrpc.test.TestCertificate;
import io.github.hipaagrpc.test.TestPki;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.mock;

/**
 * Tests for {@link HipaaGrpcActuateAutoConfiguration}.
 */
class HipaaGrpcActuateAutoConfigurationTests {

	private static final TestCertificate certificate = TestPki.create().issueServer("localhost");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HipaaGrpcActuateAutoConfiguration.class));

	@Test
	void certificateHealthIndicatorWhenKeyMaterialExistsIsRegistered() {
		this.contextRunner.withBean(HipaaGrpcTlsKeyMaterial.class, HipaaGrpcActuateAutoConfigurationTests::keyMaterial)
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcServerCertificateHealthIndicator.class)
					.hasBean("grpcServerCertificateHealthIndicator");
				GrpcServerCertificateHealthIndicator indicator = context
					.getBean(GrpcServerCertificateHealthIndicator.class);
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void certificateHealthIndicatorWhenHealthRegistryConfiguredIsNamedGrpcServerCertificate() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
			.withBean(HipaaGrpcTlsKeyMaterial.class, HipaaGrpcActuateAutoConfigurationTests::keyMaterial)
			.run((context) -> assertThat(
					context.getBean(HealthContributorRegistry.class).getContributor("grpcServerCertificate"))
				.isInstanceOf(GrpcServerCertificateHealthIndicator.class));
	}

	@Test
	void certificateHealthIndicatorWhenNoKeyMaterialBacksOff() {
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerCertificateHealthIndicator.class));
	}

	@Test
	void certificateHealthIndicatorWhenDisabledBacksOff() {
		this.contextRunner.withBean(HipaaGrpcTlsKeyMaterial.class, HipaaGrpcActuateAutoConfigurationTests::keyMaterial)
			.withPropertyValues("management.health.grpcservercertificate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerCertificateHealthIndicator.class));
	}

	@Test
	void certificateHealthIndicatorWhenDisabledWithDashedNameBacksOff() {
		this.contextRunner.withBean(HipaaGrpcTlsKeyMaterial.class, HipaaGrpcActuateAutoConfigurationTests::keyMaterial)
			.withPropertyValues("management.health.grpc-server-certificate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerCertificateHealthIndicator.class));
	}

	@Test
	void certificateHealthIndicatorWhenHealthIndicatorClassMissingBacksOff() {
		this.contextRunner.withBean(HipaaGrpcTlsKeyMaterial.class, HipaaGrpcActuateAutoConfigurationTests::keyMaterial)
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcServerCertificateHealthIndicator.class));
	}

	@Test
	void certificateHealthIndicatorWhenUserDefinesOneUsesIt() {
		GrpcServerCertificateHealthIndicator own = new GrpcServerCertificateHealthIndicator(keyMaterial());
		this.contextRunner.withBean(HipaaGrpcTlsKeyMaterial.class, HipaaGrpcActuateAutoConfigurationTests::keyMaterial)
			.withBean("ownCertificateHealthIndicator", GrpcServerCertificateHealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).getBean(GrpcServerCertificateHealthIndicator.class).isSameAs(own));
	}

	@Test
	void auditHealthIndicatorWhenAuditIsSwitchedOffIsUnknownAndSaysSo() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcAuditHealthIndicator.class);
			GrpcAuditHealthIndicator indicator = context.getBean(GrpcAuditHealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(indicator.health().getDetails()).containsEntry("enabled", false);
		});
	}

	@Test
	void auditHealthIndicatorWhenDisabledBacksOff() {
		this.contextRunner.withPropertyValues("management.health.grpcaudit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcAuditHealthIndicator.class));
	}

	@Test
	void auditEndpointWhenIntegrityCheckExistsAndEndpointIsExposedIsRegistered() {
		HipaaGrpcAuditIntegrity integrity = mock(HipaaGrpcAuditIntegrity.class);
		given(integrity.verify()).willReturn(new HipaaGrpcAuditIntegrityReport(List.of()));
		this.contextRunner.withBean(HipaaGrpcAuditIntegrity.class, () -> integrity)
			.withPropertyValues("management.endpoints.web.exposure.include=hipaagrpcaudit")
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcAuditEndpoint.class);
				assertThat(context.getBean(HipaaGrpcAuditEndpoint.class).integrity().intact()).isTrue();
			});
	}

	@Test
	void auditEndpointWhenNoIntegrityCheckBacksOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=hipaagrpcaudit")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAuditEndpoint.class));
	}

	private static HipaaGrpcTlsKeyMaterial keyMaterial() {
		return new HipaaGrpcTlsKeyMaterial(certificate.privateKey(), certificate.chain(), List.of());
	}

}
