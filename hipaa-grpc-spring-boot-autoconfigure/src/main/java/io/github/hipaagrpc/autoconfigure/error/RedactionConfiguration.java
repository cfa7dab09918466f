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

import io.github.hipaagrpc.autoconfigure.ephi.HipaaGrpcEphiProperties;
import io.github.hipaagrpc.ephi.EphiFields;
import io.github.hipaagrpc.error.LogRedactor;
import io.grpc.BindableService;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Log redaction: the registry of ePHI field names (from properties and from the served
 * gRPC services), the redactor, and its installation in Logback.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HipaaGrpcEphiProperties.class)
@Import({ RedactionConfiguration.LogbackRedactionConfiguration.class,
		RedactionConfiguration.GrpcServiceEphiFieldsConfiguration.class })
class RedactionConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EphiFields ephiFields(HipaaGrpcEphiProperties properties) {
		return new EphiFields(properties.getFieldNames());
	}

	@Bean
	LogRedactor logRedactor(EphiFields ephiFields) {
		return new LogRedactor(ephiFields);
	}

	/**
	 * Installs the context's redactor in Logback, once every singleton exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	static class LogbackRedactionConfiguration {

		@Bean
		LogbackRedactionInstaller logbackRedactionInstaller(LogRedactor logRedactor) {
			return new LogbackRedactionInstaller(logRedactor);
		}

	}

	/**
	 * Adds the fields that the served gRPC services mark in their .proto files.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ BindableService.class, ProtoMethodDescriptorSupplier.class })
	static class GrpcServiceEphiFieldsConfiguration {

		@Bean
		GrpcServiceEphiFieldsRegistrar grpcServiceEphiFieldsRegistrar(ListableBeanFactory beanFactory,
				EphiFields ephiFields) {
			return new GrpcServiceEphiFieldsRegistrar(beanFactory, ephiFields);
		}

	}

}
