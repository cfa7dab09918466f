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

import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start when gRPC would be served on the network by anything other than the
 * starter's server factory, since the TLS policy would not be enforced there.
 */
class PlaintextServerGuard implements SmartInitializingSingleton {

	private static final String STARTER_FACTORY = "io.github.hipaagrpc.tls.HipaaGrpcTlsServerFactory";

	private static final Set<String> NETWORK_FACTORIES = Set.of(
			"org.springframework.grpc.server.NettyGrpcServerFactory",
			"org.springframework.grpc.server.ShadedNettyGrpcServerFactory");

	private static final String SERVLET_REGISTRATION = "org.springframework.boot.grpc.server.GrpcServletRegistration";

	private final ListableBeanFactory beanFactory;

	PlaintextServerGuard(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.beanFactory.getBeansOfType(GrpcServerFactory.class, false, false).forEach((name, factory) -> {
			if (isForeignNetworkFactory(factory.getClass())) {
				throw new IllegalStateException(("gRPC server factory '%s' would listen without the starter's TLS "
						+ "policy: remove it, and customize the starter's server with ServerBuilderCustomizer or "
						+ "GrpcServerFactoryCustomizer beans")
					.formatted(name));
			}
		});
		if (hasServletRegistration()) {
			throw new IllegalStateException("gRPC is served by the servlet container, outside the starter's TLS "
					+ "policy: leave 'spring.grpc.server.factory.enabled' unset so that the starter's listener serves it");
		}
	}

	private static boolean isForeignNetworkFactory(Class<?> factoryType) {
		boolean network = false;
		for (Class<?> type = factoryType; type != null; type = type.getSuperclass()) {
			if (STARTER_FACTORY.equals(type.getName())) {
				return false;
			}
			network = network || NETWORK_FACTORIES.contains(type.getName());
		}
		return network;
	}

	private boolean hasServletRegistration() {
		ClassLoader classLoader = getClass().getClassLoader();
		if (!ClassUtils.isPresent(SERVLET_REGISTRATION, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(SERVLET_REGISTRATION, classLoader);
		return this.beanFactory.getBeanNamesForType(type, false, false).length > 0;
	}

}
