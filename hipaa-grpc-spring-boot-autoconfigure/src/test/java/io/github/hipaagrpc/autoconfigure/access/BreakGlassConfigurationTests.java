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

package io.github.hipaagrpc.autoconfigure.access;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.hipaagrpc.access.HipaaGrpcAccessBreakGlassInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrantStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BreakGlassConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class BreakGlassConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(HipaaGrpcAccessAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:break-glass-config;DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=true");

	@Test
	void breakGlassWhenNotEnabledIsNotRegistered() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(HipaaGrpcAccessBreakGlassInterceptor.class)
				.doesNotHaveBean(HipaaGrpcAccessEmergencyGrantStore.class);
			HipaaGrpcAccessProperties.BreakGlass properties = context.getBean(HipaaGrpcAccessProperties.class)
				.getBreakGlass();
			assertThat(properties.isEnabled()).isFalse();
			assertThat(properties.getDuration()).isEqualTo(Duration.ofMinutes(15));
		});
	}

	@Test
	void breakGlassWhenEnabledWithRolesRegistersInterceptorAndCreatesTheTable() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
				"hipaa.grpc.access.break-glass.roles=PROVIDER,ROLE_NURSE", "hipaa.grpc.access.break-glass.duration=30")
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcAccessBreakGlassInterceptor.class)
					.hasSingleBean(HipaaGrpcAccessEmergencyGrantStore.class);
				assertThat(context.getBean(HipaaGrpcAccessProperties.class).getBreakGlass().getDuration())
					.isEqualTo(Duration.ofMinutes(30));
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("select count(*) from hipaa_grpc_emergency_grant", Integer.class))
					.isZero();
			});
	}

	@Test
	void breakGlassRoleWithTimeWindowsIsWarnedOf(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER,NURSE",
					"hipaa.grpc.access.time-windows.ROLE_PROVIDER=MON-FRI 07:00-19:00",
					"hipaa.grpc.access.time-windows.BILLER=MON-FRI 07:00-19:00")
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcAccessBreakGlassInterceptor.class);
				assertThat(output).contains("Emergency-capable role 'PROVIDER' has time-of-access windows")
					.doesNotContain("role 'BILLER'")
					.doesNotContain("role 'NURSE'");
			});
	}

	@Test
	void breakGlassWhenAccessContextIsDisabledIsNotRegistered() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.enabled=false", "hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessBreakGlassInterceptor.class));
	}

	@Test
	void breakGlassWhenJdbcClientIsMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcClient.class))
			.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessBreakGlassInterceptor.class));
	}

	@Test
	void breakGlassWhenEnabledWithoutRolesFailsToStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.break-glass.roles"));
	}

	@Test
	void breakGlassWhenDurationIsLongerThanADayFailsToStartNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER", "hipaa.grpc.access.break-glass.duration=25h")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.break-glass.duration"));
	}

	@Test
	void breakGlassWhenDurationIsZeroFailsToStartNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER", "hipaa.grpc.access.break-glass.duration=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.break-glass.duration"));
	}

	@Test
	void breakGlassWhenThereIsNoDatabaseFailsToStartNamingWhatToAdd() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HipaaGrpcAccessAutoConfiguration.class))
			.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.break-glass.enabled")
				.hasMessageContaining("spring.datasource"));
	}

	@Test
	void grantStoreWhenUserDefinesOneIsTheUsers() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.break-glass.enabled=true",
					"hipaa.grpc.access.break-glass.roles=PROVIDER")
			.withBean("ownStore", HipaaGrpcAccessEmergencyGrantStore.class,
					() -> new HipaaGrpcAccessEmergencyGrantStore(new DriverManagerDataSource("jdbc:h2:mem:own-store")))
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcAccessEmergencyGrantStore.class)
				.hasBean("ownStore"));
	}

}
