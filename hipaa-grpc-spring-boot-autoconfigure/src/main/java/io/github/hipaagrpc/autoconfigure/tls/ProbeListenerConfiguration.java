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

import io.github.hipaagrpc.tls.HipaaGrpcTlsProbeServer;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Plaintext listener for health probes beside the starter's TLS listener, opt-in with
 * {@code hipaa.grpc.tls.probe.enabled}. It serves Spring Boot's gRPC health service and
 * exists only while the starter's TLS listener does, so an in-process test server has
 * none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ NettyServerBuilder.class, HealthStatusManager.class })
@ConditionalOnBooleanProperty(name = ProbeListenerConfiguration.ENABLED_PROPERTY)
@ConditionalOnBean(name = ProbeListenerConfiguration.SERVER_LIFECYCLE)
class ProbeListenerConfiguration {

	static final String ENABLED_PROPERTY = "hipaa.grpc.tls.probe.enabled";

	static final String SERVER_LIFECYCLE = "hipaaGrpcTlsServerLifecycle";

	// Depending on the TLS listener's lifecycle, in the same phase, starts the probe
	// after it and stops the probe before it.
	@Bean
	@DependsOn(SERVER_LIFECYCLE)
	@ConditionalOnMissingBean
	HipaaGrpcTlsProbeServer hipaaGrpcTlsProbeServer(HipaaGrpcTlsProperties properties,
			ObjectProvider<HealthStatusManager> healthStatusManager, ApplicationEventPublisher eventPublisher) {
		HealthStatusManager manager = healthStatusManager.getIfAvailable();
		if (manager == null) {
			throw new InvalidConfigurationPropertyValueException(ENABLED_PROPERTY, true,
					"The probe listener serves Spring Boot's gRPC health service, and there is none: "
							+ "leave 'spring.grpc.server.health.enabled' unset or define a HealthStatusManager bean");
		}
		return new HipaaGrpcTlsProbeServer(TlsSettings.probeAddress(properties), manager, eventPublisher);
	}

	@Bean
	LocalProbePortListener localProbePortListener(ConfigurableEnvironment environment) {
		return new LocalProbePortListener(environment);
	}

}
