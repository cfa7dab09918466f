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

import io.grpc.BindableService;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GrpcServerFactory;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for transport security of the gRPC
 * server: a server that listens on the network must use TLS. In-process servers, as used
 * by tests, are not affected.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration")
@ConditionalOnClass({ BindableService.class, GrpcServerFactory.class, GrpcServerProperties.class })
@ConditionalOnBean({ GrpcServerFactory.class, GrpcServerProperties.class })
public final class HipaaGrpcTlsAutoConfiguration {

	HipaaGrpcTlsAutoConfiguration() {
	}

	@Bean
	PlaintextServerGuard plaintextServerGuard(ListableBeanFactory beanFactory, GrpcServerProperties properties) {
		return new PlaintextServerGuard(beanFactory, properties);
	}

}
