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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.sql.DataSource;

import io.github.hipaagrpc.access.HipaaGrpcAccessBreakGlassInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrantStore;
import io.github.hipaagrpc.autoconfigure.audit.AuditDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogMessage;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

/**
 * Break-glass emergency access, when enabled: grants kept in the audit trail's database,
 * or the application's when the audit trail is off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("hipaa.grpc.access.break-glass.enabled")
@ConditionalOnClass({ JdbcClient.class, DataSourceScriptDatabaseInitializer.class })
class BreakGlassConfiguration {

	static final String PREFIX = "hipaa.grpc.access.break-glass.";

	static final Duration MAXIMUM_DURATION = Duration.ofHours(24);

	private static final Log logger = LogFactory.getLog(BreakGlassConfiguration.class);

	@Bean
	BreakGlassSchemaInitializer hipaaGrpcBreakGlassSchemaInitializer(ObjectProvider<AuditDatabase> auditDatabase,
			ObjectProvider<DataSource> dataSource, HipaaGrpcAccessProperties properties) {
		return new BreakGlassSchemaInitializer(dataSource(auditDatabase, dataSource),
				properties.getBreakGlass().getInitializeSchema());
	}

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcAccessEmergencyGrantStore hipaaGrpcAccessEmergencyGrantStore(BreakGlassSchemaInitializer schema) {
		return new HipaaGrpcAccessEmergencyGrantStore(schema.dataSource());
	}

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	HipaaGrpcAccessBreakGlassInterceptor hipaaGrpcAccessBreakGlassInterceptor(HipaaGrpcAccessProperties properties,
			HipaaGrpcAccessEmergencyGrantStore store, ApplicationEventPublisher publisher, ObjectProvider<Clock> clock,
			Environment environment) {
		HipaaGrpcAccessProperties.BreakGlass breakGlass = properties.getBreakGlass();
		Set<String> roles = roles(breakGlass);
		warnOfTimeWindows(roles, properties);
		HipaaGrpcAccessBreakGlassInterceptor.Settings settings = new HipaaGrpcAccessBreakGlassInterceptor.Settings(
				roles, duration(breakGlass), replica(environment));
		return new HipaaGrpcAccessBreakGlassInterceptor(store, publisher, settings,
				clock.getIfAvailable(Clock::systemUTC));
	}

	private static DataSource dataSource(ObjectProvider<AuditDatabase> auditDatabase,
			ObjectProvider<DataSource> dataSource) {
		AuditDatabase audit = auditDatabase.getIfAvailable();
		if (audit != null) {
			return audit.dataSource();
		}
		DataSource application = dataSource.getIfUnique();
		if (application == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "enabled", true,
					"Break-glass grants need a database shared by the replicas: keep the audit trail on "
							+ "(hipaa.grpc.audit.*) or define the application's DataSource (spring.datasource.*)");
		}
		return application;
	}

	private static Set<String> roles(HipaaGrpcAccessProperties.BreakGlass breakGlass) {
		Set<String> roles = new LinkedHashSet<>();
		breakGlass.getRoles()
			.stream()
			.filter(StringUtils::hasText)
			.map(String::strip)
			.map((role) -> role.startsWith("ROLE_") ? role.substring(5) : role)
			.forEach(roles::add);
		if (roles.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "roles", breakGlass.getRoles(),
					"Name at least one emergency-capable role");
		}
		return roles;
	}

	// Time-of-access windows run before break-glass: outside its windows a role is out of
	// force, so a caller holding only that role cannot break glass then.
	private static void warnOfTimeWindows(Set<String> roles, HipaaGrpcAccessProperties properties) {
		for (String windowed : properties.getTimeWindows().keySet()) {
			String role = windowed.strip();
			String name = role.regionMatches(true, 0, "ROLE_", 0, 5) ? role.substring(5) : role;
			if (roles.stream().anyMatch(name::equalsIgnoreCase)) {
				logger.warn(LogMessage.format("Emergency-capable role '%s' has time-of-access windows "
						+ "(hipaa.grpc.access.time-windows.%s): outside them the role is out of force and "
						+ "cannot break glass", name, windowed));
			}
		}
	}

	private static Duration duration(HipaaGrpcAccessProperties.BreakGlass breakGlass) {
		Duration duration = breakGlass.getDuration();
		if (duration.isNegative() || duration.isZero() || duration.compareTo(MAXIMUM_DURATION) > 0) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "duration", duration,
					"The duration must be positive and at most " + MAXIMUM_DURATION);
		}
		return duration;
	}

	private static String replica(Environment environment) {
		String replica = environment.getProperty("hipaa.grpc.audit.replica");
		if (StringUtils.hasText(replica)) {
			return replica;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
