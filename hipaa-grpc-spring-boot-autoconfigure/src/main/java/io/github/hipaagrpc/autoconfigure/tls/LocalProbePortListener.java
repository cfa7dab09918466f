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

import java.util.HashMap;
import java.util.Map;

import io.github.hipaagrpc.tls.HipaaGrpcTlsProbeStartedEvent;

import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the bound port of the health probe listener as the
 * {@code local.hipaa.grpc.probe.port} property, in the {@code server.ports} property
 * source where Spring Boot keeps {@code local.grpc.server.port}, so that tests listening
 * on port 0 can inject it with {@code @Value("${local.hipaa.grpc.probe.port}")}.
 */
class LocalProbePortListener implements ApplicationListener<HipaaGrpcTlsProbeStartedEvent> {

	static final String PORT_PROPERTY = "local.hipaa.grpc.probe.port";

	private static final String PROPERTY_SOURCE_NAME = "server.ports";

	private final ConfigurableEnvironment environment;

	LocalProbePortListener(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(HipaaGrpcTlsProbeStartedEvent event) {
		ports().put(PORT_PROPERTY, event.getPort());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> ports() {
		MutablePropertySources sources = this.environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		return (Map<String, Object>) source.getSource();
	}

}
