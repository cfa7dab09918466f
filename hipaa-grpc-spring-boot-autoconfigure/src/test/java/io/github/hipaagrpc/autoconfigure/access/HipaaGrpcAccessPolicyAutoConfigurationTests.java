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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.github.hipaagrpc.access.HipaaGrpcAccessPolicy;
import io.github.hipaagrpc.access.HipaaGrpcAccessPolicyCache;
import io.github.hipaagrpc.access.HipaaGrpcAccessSchedule;
import io.github.hipaagrpc.access.HipaaGrpcAccessTimeWindow;
import io.github.hipaagrpc.access.HipaaGrpcAccessTimeWindowInterceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the access policy, its cache and time-of-access windows in
 * {@link HipaaGrpcAccessAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcAccessPolicyAutoConfigurationTests {

	private static final Instant MONDAY_NOON = Instant.parse("2026-12-07T12:00:00Z");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HipaaGrpcAccessAutoConfiguration.class));

	@Test
	void policyWhenNothingIsConfiguredLeavesEveryRoleInForce() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAccessPolicy.class)
				.hasSingleBean(HipaaGrpcAccessPolicyCache.class)
				.hasSingleBean(HipaaGrpcAccessTimeWindowInterceptor.class);
			assertThat(context.getBean(HipaaGrpcAccessPolicy.class).schedule("BILLER")).isNull();
			assertThat(context.getBean(HipaaGrpcAccessProperties.class).getPolicy().getCacheTtl())
				.isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void policyWhenWindowsAreConfiguredReadsThemInTheConfiguredZone() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.time-windows.BILLER=MON-FRI 07:00-19:00,SAT 08:00-12:00",
					"hipaa.grpc.access.time-zone=America/New_York")
			.run((context) -> assertThat(context.getBean(HipaaGrpcAccessPolicy.class).schedule("biller")).isNotNull()
				.satisfies((schedule) -> {
					assertThat(schedule.zone()).isEqualTo(ZoneId.of("America/New_York"));
					assertThat(schedule.windows()).containsExactly(
							HipaaGrpcAccessTimeWindow.parse("MON-FRI 07:00-19:00"),
							HipaaGrpcAccessTimeWindow.parse("SAT 08:00-12:00"));
					assertThat(schedule.isOpen(MONDAY_NOON)).isTrue();
					assertThat(schedule.isOpen(Instant.parse("2026-12-07T11:59:00Z"))).isFalse();
				}));
	}

	@Test
	void policyWhenWindowsAreConfiguredLogsTheZoneOnce(CapturedOutput output) {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.time-windows.BILLER=MON-FRI 07:00-19:00")
			.run((context) -> assertThat(output)
				.containsOnlyOnce("Time-of-access windows are read in time zone '" + ZoneId.systemDefault() + "'"));
	}

	@Test
	void policyWhenNoWindowsAreConfiguredDoesNotLogTheZone(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("Time-of-access windows"));
	}

	@Test
	void policyWhenWindowIsMalformedAfterARebindTakesTheRoleOutOfForce(CapturedOutput output) {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.time-windows.BILLER=MON-FRI 07:00-19:00")
			.run((context) -> {
				HipaaGrpcAccessProperties properties = context.getBean(HipaaGrpcAccessProperties.class);
				properties.getTimeWindows().put("BILLER", List.of("MON-FRI 07:00-19:00", "weekdays"));
				assertThat(context.getBean(HipaaGrpcAccessPolicy.class).schedule("BILLER")).isNotNull()
					.satisfies((schedule) -> assertThat(schedule.windows()).isEmpty());
				assertThat(output).contains("Role 'BILLER' is out of force")
					.contains("hipaa.grpc.access.time-windows.BILLER[1]")
					.doesNotContain("weekdays");
			});
	}

	@Test
	void policyWhenWindowIsMalformedFailsNamingThePropertyAndPosition() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.time-windows.BILLER[0]=MON-FRI 07:00-19:00",
					"hipaa.grpc.access.time-windows.BILLER[1]=SAT 25:00-26:00")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.time-windows.BILLER[1]"));
	}

	@Test
	void policyWhenRoleHasNoWindowsFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.time-windows.BILLER=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.time-windows.BILLER"));
	}

	@Test
	void policyWhenCacheTimeToLiveIsNegativeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.policy.cache-ttl=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.policy.cache-ttl"));
	}

	@Test
	void policyWhenUserDefinesOneBacksOffAndIsCached() {
		HipaaGrpcAccessSchedule never = new HipaaGrpcAccessSchedule(List.of(), ZoneId.of("UTC"));
		HipaaGrpcAccessPolicy own = (role) -> "BILLER".equals(role) ? never : null;
		this.contextRunner.withBean(HipaaGrpcAccessPolicy.class, () -> own)
			.withPropertyValues("hipaa.grpc.access.time-windows.BILLER=MON-FRI 07:00-19:00")
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcAccessPolicy.class)
					.doesNotHaveBean(PropertiesHipaaGrpcAccessPolicy.class);
				assertThat(context.getBean(HipaaGrpcAccessPolicyCache.class).schedule("BILLER")).isSameAs(never);
			});
	}

	@Test
	void interceptorWhenUserDefinesOneIsTheUsers() {
		HipaaGrpcAccessTimeWindowInterceptor own = new HipaaGrpcAccessTimeWindowInterceptor(
				new HipaaGrpcAccessPolicyCache((role) -> null, Duration.ZERO), Clock.systemUTC());
		this.contextRunner.withBean(HipaaGrpcAccessTimeWindowInterceptor.class, () -> own)
			.run((context) -> assertThat(context).getBean(HipaaGrpcAccessTimeWindowInterceptor.class).isSameAs(own));
	}

	@Test
	void policyWhenAccessContextIsDisabledBacksOff() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessPolicy.class)
				.doesNotHaveBean(HipaaGrpcAccessPolicyCache.class)
				.doesNotHaveBean(HipaaGrpcAccessTimeWindowInterceptor.class));
	}

}
