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

import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.grpc.server.GrpcServerFactory;

/**
 * Refuses to start a gRPC server that would listen on the network without TLS, or that
 * would trust any client certificate.
 */
class PlaintextServerGuard implements SmartInitializingSingleton {

	private static final Set<String> NETWORK_FACTORIES = Set.of(
			"org.springframework.grpc.server.NettyGrpcServerFactory",
			"org.springframework.grpc.server.ShadedNettyGrpcServerFactory");

	private final ListableBeanFactory beanFactory;

	private final GrpcServerProperties.Ssl ssl;

	PlaintextServerGuard(ListableBeanFactory beanFactory, GrpcServerProperties properties) {
		this.beanFactory = beanFactory;
		this.ssl = properties.getSsl();
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!hasNetworkServer()) {
			return;
		}
		if (Boolean.FALSE.equals(this.ssl.getEnabled()) || this.ssl.getBundle() == null) {
			throw new InvalidConfigurationPropertyValueException("spring.grpc.server.ssl.bundle", this.ssl.getBundle(),
					"The gRPC server must not listen without TLS: name the SSL bundle "
							+ "holding its key and certificate, and leave 'spring.grpc.server.ssl.enabled' unset");
		}
		if (!this.ssl.isSecure()) {
			throw new InvalidConfigurationPropertyValueException("spring.grpc.server.ssl.secure", false,
					"The gRPC server must not trust every client certificate");
		}
	}

	private boolean hasNetworkServer() {
		Map<String, GrpcServerFactory> factories = this.beanFactory.getBeansOfType(GrpcServerFactory.class);
		return factories.values().stream().anyMatch(PlaintextServerGuard::isNetworkServer);
	}

	private static boolean isNetworkServer(GrpcServerFactory factory) {
		for (Class<?> type = factory.getClass(); type != null; type = type.getSuperclass()) {
			if (NETWORK_FACTORIES.contains(type.getName())) {
				return true;
			}
		}
		return false;
	}

}
