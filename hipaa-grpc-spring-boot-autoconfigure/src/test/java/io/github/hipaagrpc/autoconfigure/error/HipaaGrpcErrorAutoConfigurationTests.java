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

package io.github.hipaagrpc.autoconfigure.error;

import io.github.hipaagrpc.error.HipaaGrpcCorrelationInterceptor;
import io.github.hipaagrpc.error.HipaaGrpcErrorInterceptor;
import io.github.hipaagrpc.error.TraceIdProvider;
import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcErrorAutoConfiguration}.
 */
class HipaaGrpcErrorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, HipaaGrpcErrorAutoConfiguration.class,
				GrpcServerAutoConfiguration.class, GrpcServerObservationAutoConfiguration.class))
		.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1")
		.withBean(BindableService.class, () -> new HealthStatusManager().getHealthService());

	@Test
	void errorAdviceWhenServerConfiguredReplacesBootsExceptionInterceptor() {
		this.contextRunner.run((context) -> assertThat(context).getBean(GrpcExceptionHandlerInterceptor.class)
			.isInstanceOf(HipaaGrpcErrorInterceptor.class));
	}

	@Test
	void correlationInterceptorWhenNotDefinedIsRegistered() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcCorrelationInterceptor.class));
	}

	@Test
	void correlationInterceptorWhenUserDefinedBacksOff() {
		HipaaGrpcCorrelationInterceptor interceptor = new HipaaGrpcCorrelationInterceptor(false, () -> null);
		this.contextRunner
			.withBean("userCorrelationInterceptor", HipaaGrpcCorrelationInterceptor.class, () -> interceptor)
			.run((context) -> assertThat(context).getBean(HipaaGrpcCorrelationInterceptor.class).isSameAs(interceptor));
	}

	@Test
	void observationWhenRegistryPresentTakesOverBootsInterceptor() {
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(ObservationGrpcServerInterceptor.class);
			assertThat(context).hasBean("hipaaGrpcObservationInterceptor");
		});
	}

	@Test
	void observationWhenNoRegistryBacksOff() {
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationGrpcServerInterceptor.class));
	}

	@Test
	void traceIdProviderWhenTracerPresentReturnsCurrentTraceId() {
		SimpleTracer tracer = new SimpleTracer();
		this.contextRunner.withBean(Tracer.class, () -> tracer).run((context) -> {
			TraceIdProvider provider = context.getBean(TraceIdProvider.class);
			assertThat(provider.currentTraceId()).isNull();
			Span span = tracer.nextSpan().start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				assertThat(provider.currentTraceId()).isEqualTo(span.context().traceId()).isNotEmpty();
			}
			finally {
				span.end();
			}
		});
	}

	@Test
	void traceIdProviderWhenNoTracerBacksOff() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TraceIdProvider.class));
	}

}
