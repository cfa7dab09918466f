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

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.hipaagrpc.access.HipaaGrpcAccessPolicy;
import io.github.hipaagrpc.access.HipaaGrpcAccessSchedule;
import io.github.hipaagrpc.access.HipaaGrpcAccessTimeWindow;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.log.LogMessage;

/**
 * Access policy read from the live {@code hipaa.grpc.access.*} properties on every
 * lookup, so that a rebind of the properties bean (a Spring Cloud refresh) is seen. Role
 * names match without regard to case and to a {@code ROLE_} prefix.
 */
class PropertiesHipaaGrpcAccessPolicy implements HipaaGrpcAccessPolicy {

	private static final Log logger = LogFactory.getLog(PropertiesHipaaGrpcAccessPolicy.class);

	static final String TIME_WINDOWS_PROPERTY = "hipaa.grpc.access.time-windows";

	private static final String ROLE_PREFIX = "ROLE_";

	private final HipaaGrpcAccessProperties properties;

	PropertiesHipaaGrpcAccessPolicy(HipaaGrpcAccessProperties properties) {
		this.properties = properties;
	}

	/**
	 * Check every configured window, failing on the first that cannot be read.
	 * @throws InvalidConfigurationPropertyValueException naming the property of the first
	 * window that cannot be read
	 */
	void validate() {
		for (Map.Entry<String, List<String>> entry : this.properties.getTimeWindows().entrySet()) {
			String property = TIME_WINDOWS_PROPERTY + "." + entry.getKey();
			if (entry.getValue().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(property, "",
						"List at least one window, such as 'MON-FRI 07:00-19:00'");
			}
			windows(property, entry.getValue());
		}
	}

	ZoneId zone() {
		ZoneId zone = this.properties.getTimeZone();
		return (zone != null) ? zone : ZoneId.systemDefault();
	}

	@Override
	public @Nullable HipaaGrpcAccessSchedule schedule(String role) {
		for (Map.Entry<String, List<String>> entry : this.properties.getTimeWindows().entrySet()) {
			if (roleName(entry.getKey()).equalsIgnoreCase(roleName(role))) {
				return schedule(role, entry);
			}
		}
		return null;
	}

	private HipaaGrpcAccessSchedule schedule(String role, Map.Entry<String, List<String>> entry) {
		try {
			return new HipaaGrpcAccessSchedule(windows(TIME_WINDOWS_PROPERTY + "." + entry.getKey(), entry.getValue()),
					zone());
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			logger.warn(LogMessage.format("Role '%s' is out of force: '%s' cannot be read", role, ex.getName()));
			return new HipaaGrpcAccessSchedule(List.of(), zone());
		}
	}

	private static List<HipaaGrpcAccessTimeWindow> windows(String property, List<String> values) {
		List<HipaaGrpcAccessTimeWindow> windows = new ArrayList<>(values.size());
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			try {
				windows.add(HipaaGrpcAccessTimeWindow.parse(value));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", value, ex.getMessage());
			}
		}
		return windows;
	}

	private static String roleName(String name) {
		String stripped = name.strip();
		return (stripped.regionMatches(true, 0, ROLE_PREFIX, 0, ROLE_PREFIX.length()))
				? stripped.substring(ROLE_PREFIX.length()) : stripped;
	}

}
