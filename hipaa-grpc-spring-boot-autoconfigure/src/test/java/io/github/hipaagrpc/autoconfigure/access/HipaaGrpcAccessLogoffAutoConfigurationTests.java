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

import io.github.hipaagrpc.access.HipaaGrpcAccessInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the automatic logoff of {@link HipaaGrpcAccessAutoConfiguration}.
 */
class HipaaGrpcAccessLogoffAutoConfigurationTests {

	private static final String METRICS = "hipaaGrpcAccessLogoffMetrics";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HipaaGrpcAccessAutoConfiguration.class));

	@Test
	void logoffWhenNothingIsConfiguredRegistersInterceptorWithSecureDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAccessLogoffInterceptor.class).hasBean(METRICS);
			HipaaGrpcAccessProperties.Logoff logoff = context.getBean(HipaaGrpcAccessProperties.class).getLogoff();
			assertThat(logoff.getMaxStreamDuration()).isEqualTo(Duration.ofHours(1));
			assertThat(logoff.isOnTokenExpiry()).isTrue();
		});
	}

	@Test
	void logoffWhenDisabledBacksOffAndKeepsTheAccessContext() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.logoff.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessLogoffInterceptor.class)
				.doesNotHaveBean(METRICS)
				.hasSingleBean(HipaaGrpcAccessInterceptor.class));
	}

	@Test
	void logoffWhenAccessContextIsDisabledBacksOff() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessLogoffInterceptor.class));
	}

	@Test
	void logoffWhenMaxStreamDurationIsZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.logoff.max-stream-duration=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class)
				.rootCause()
				.hasMessageContaining("hipaa.grpc.access.logoff.max-stream-duration"));
	}

	@Test
	void logoffWhenMaxStreamDurationIsNegativeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.logoff.max-stream-duration=-5m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.access.logoff.max-stream-duration"));
	}

	@Test
	void logoffWhenPropertiesAreSetBindsThem() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.access.logoff.max-stream-duration=15m",
					"hipaa.grpc.access.logoff.on-token-expiry=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(HipaaGrpcAccessLogoffInterceptor.class);
				HipaaGrpcAccessProperties.Logoff logoff = context.getBean(HipaaGrpcAccessProperties.class).getLogoff();
				assertThat(logoff.getMaxStreamDuration()).isEqualTo(Duration.ofMinutes(15));
				assertThat(logoff.isOnTokenExpiry()).isFalse();
			});
	}

	@Test
	void logoffInterceptorWhenUserDefinesOneIsTheUsers() {
		HipaaGrpcAccessLogoffInterceptor own = new HipaaGrpcAccessLogoffInterceptor(Duration.ofMinutes(5), false);
		this.contextRunner.withBean(HipaaGrpcAccessLogoffInterceptor.class, () -> own)
			.run((context) -> assertThat(context).getBean(HipaaGrpcAccessLogoffInterceptor.class).isSameAs(own));
	}

	@Test
	void logoffMetricsWhenBoundCountLogoffsByReasonAndWatchedStreams() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(METRICS, MeterBinder.class).bindTo(registry);
			assertThat(registry.get("hipaa.grpc.access.logoffs").tag("reason", "token-expired").functionCounter())
				.isNotNull();
			assertThat(registry.get("hipaa.grpc.access.logoffs").functionCounters()).hasSize(2);
			assertThat(registry.get("hipaa.grpc.access.logoff.streams").gauge().value()).isZero();
		});
	}

	@Test
	void logoffMetricsWhenMicrometerIsMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcAccessLogoffInterceptor.class)
				.doesNotHaveBean(METRICS));
	}

}
