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

import java.util.List;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.error.HipaaGrpcCorrelationInterceptor;
import io.github.hipaagrpc.error.HipaaGrpcErrorInterceptor;
import io.github.hipaagrpc.error.HipaaGrpcExceptionHandler;
import io.github.hipaagrpc.error.TraceIdProvider;
import io.grpc.BindableService;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationConvention;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;
import org.springframework.grpc.server.security.SecurityGrpcExceptionHandler;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the exception advice, the
 * correlation ids, request validation and log redaction of gRPC calls. It takes over the
 * position of Spring Boot's exception-handling and observation interceptors so that every
 * call crosses the layers in the order of {@link HipaaGrpcInterceptorOrder}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		beforeName = { "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.GrpcServerObservationAutoConfiguration" },
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ BindableService.class, GrpcExceptionHandlerInterceptor.class })
@EnableConfigurationProperties(HipaaGrpcErrorProperties.class)
@Import({ HipaaGrpcErrorAutoConfiguration.ObservationConfiguration.class,
		HipaaGrpcErrorAutoConfiguration.TracingConfiguration.class, RequestValidationConfiguration.class,
		RedactionConfiguration.class })
public final class HipaaGrpcErrorAutoConfiguration {

	HipaaGrpcErrorAutoConfiguration() {
	}

	@Bean
	@GlobalServerInterceptor
	@Order(HipaaGrpcInterceptorOrder.CORRELATION)
	@ConditionalOnMissingBean
	HipaaGrpcCorrelationInterceptor hipaaGrpcCorrelationInterceptor(HipaaGrpcErrorProperties properties,
			ObjectProvider<TraceIdProvider> traceIdProvider) {
		TraceIdProvider traceId = traceIdProvider.getIfAvailable(() -> () -> null);
		return new HipaaGrpcCorrelationInterceptor(properties.getCorrelation().isTrustIncoming(), traceId);
	}

	@Bean
	@GlobalServerInterceptor
	@Order(HipaaGrpcInterceptorOrder.ERROR)
	HipaaGrpcErrorInterceptor hipaaGrpcErrorInterceptor(ObjectProvider<GrpcExceptionHandler> exceptionHandlers) {
		List<GrpcExceptionHandler> handlers = exceptionHandlers.orderedStream()
			.filter((handler) -> !(handler instanceof SecurityGrpcExceptionHandler))
			.filter((handler) -> !(handler instanceof HipaaGrpcExceptionHandler))
			.toList();
		return new HipaaGrpcErrorInterceptor(new HipaaGrpcExceptionHandler(handlers));
	}

	/**
	 * Spring Boot's observation interceptor, moved outermost.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationRegistry.class, ObservationGrpcServerInterceptor.class })
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnBooleanProperty(name = "spring.grpc.server.observation.enabled", matchIfMissing = true)
	static class ObservationConfiguration {

		@Bean
		@GlobalServerInterceptor
		@Order(HipaaGrpcInterceptorOrder.OBSERVATION)
		@ConditionalOnMissingBean
		ObservationGrpcServerInterceptor hipaaGrpcObservationInterceptor(ObservationRegistry observationRegistry,
				ObjectProvider<GrpcServerObservationConvention> customConvention) {
			ObservationGrpcServerInterceptor interceptor = new ObservationGrpcServerInterceptor(observationRegistry);
			customConvention.ifAvailable(interceptor::setCustomConvention);
			return interceptor;
		}

	}

	/**
	 * Trace ids from Micrometer Tracing, used as correlation ids of calls that bring
	 * none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	@ConditionalOnBean(Tracer.class)
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TraceIdProvider traceIdProvider(Tracer tracer) {
			return () -> {
				Span span = tracer.currentSpan();
				return (span != null) ? span.context().traceId() : null;
			};
		}

	}

}
