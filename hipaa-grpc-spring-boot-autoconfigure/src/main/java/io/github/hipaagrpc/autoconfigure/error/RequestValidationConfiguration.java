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

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import io.github.hipaagrpc.error.RequestValidationInterceptor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;

/**
 * Validation of request messages against the protovalidate constraints in their
 * {@code .proto} files, for Spring Boot's gRPC server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(value = GrpcServerFactory.class, name = "build.buf.protovalidate.Validator")
@ConditionalOnBooleanProperty(name = "hipaa.grpc.error.validation.enabled", matchIfMissing = true)
class RequestValidationConfiguration {

	// Not named "validator", which Bean Validation users often take.
	@Bean
	@ConditionalOnMissingBean
	Validator protovalidateValidator() {
		return ValidatorFactory.newBuilder().build();
	}

	@Bean
	@GlobalServerInterceptor
	RequestValidationInterceptor requestValidationInterceptor(Validator protovalidateValidator) {
		return new RequestValidationInterceptor(protovalidateValidator);
	}

}
