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

import java.time.Clock;
import java.time.Duration;

import io.github.hipaagrpc.access.HipaaGrpcAccessExpressions;
import io.github.hipaagrpc.access.HipaaGrpcAccessInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffInterceptor;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffReason;
import io.github.hipaagrpc.access.HipaaGrpcAccessPolicy;
import io.github.hipaagrpc.access.HipaaGrpcAccessPolicyCache;
import io.github.hipaagrpc.access.HipaaGrpcAccessTimeWindowInterceptor;
import io.github.hipaagrpc.autoconfigure.audit.HipaaGrpcAuditAutoConfiguration;
import io.grpc.BindableService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.log.LogMessage;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the access context of gRPC
 * calls: the caller's facility and purpose of use, resolved after authentication and
 * offered to {@code @PreAuthorize} expressions as the bean {@code hipaa}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = HipaaGrpcAuditAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ BindableService.class, GlobalServerInterceptor.class, JwtAuthenticationToken.class })
@ConditionalOnBooleanProperty(name = "hipaa.grpc.access.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HipaaGrpcAccessProperties.class)
@Import(BreakGlassConfiguration.class)
public final class HipaaGrpcAccessAutoConfiguration {

	static final String EXPRESSIONS_BEAN_NAME = "hipaa";

	private static final String PREFIX = "hipaa.grpc.access.";

	private static final Log logger = LogFactory.getLog(HipaaGrpcAccessAutoConfiguration.class);

	HipaaGrpcAccessAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	HipaaGrpcAccessInterceptor hipaaGrpcAccessInterceptor(HipaaGrpcAccessProperties properties) {
		String facilityClaim = claimName(PREFIX + "facility-claim", properties.getFacilityClaim());
		HipaaGrpcAccessProperties.PurposeOfUse purposeOfUse = properties.getPurposeOfUse();
		String purposeOfUseClaim = claimName(PREFIX + "purpose-of-use.claim", purposeOfUse.getClaim());
		return new HipaaGrpcAccessInterceptor(facilityClaim, purposeOfUseClaim, purposeOfUse.isHeaderAllowed());
	}

	@Bean(EXPRESSIONS_BEAN_NAME)
	@ConditionalOnMissingBean(name = EXPRESSIONS_BEAN_NAME)
	HipaaGrpcAccessExpressions hipaaGrpcAccessExpressions() {
		return new HipaaGrpcAccessExpressions();
	}

	@Bean
	@ConditionalOnMissingBean(HipaaGrpcAccessPolicy.class)
	PropertiesHipaaGrpcAccessPolicy propertiesHipaaGrpcAccessPolicy(HipaaGrpcAccessProperties properties) {
		PropertiesHipaaGrpcAccessPolicy policy = new PropertiesHipaaGrpcAccessPolicy(properties);
		policy.validate();
		if (!properties.getTimeWindows().isEmpty()) {
			logger.info(LogMessage.format("Time-of-access windows are read in time zone '%s'", policy.zone()));
		}
		return policy;
	}

	@Bean
	@ConditionalOnMissingBean
	HipaaGrpcAccessPolicyCache hipaaGrpcAccessPolicyCache(HipaaGrpcAccessPolicy policy,
			HipaaGrpcAccessProperties properties) {
		Duration timeToLive = properties.getPolicy().getCacheTtl();
		if (timeToLive == null || timeToLive.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "policy.cache-ttl", timeToLive,
					"Use a duration of 0 or more; 0 disables the cache");
		}
		return new HipaaGrpcAccessPolicyCache(policy, timeToLive);
	}

	@Bean
	@ConditionalOnMissingBean
	@GlobalServerInterceptor
	HipaaGrpcAccessTimeWindowInterceptor hipaaGrpcAccessTimeWindowInterceptor(HipaaGrpcAccessPolicyCache policy,
			ObjectProvider<Clock> clock) {
		return new HipaaGrpcAccessTimeWindowInterceptor(policy, clock.getIfAvailable(Clock::systemUTC));
	}

	private static Duration maxStreamDuration(HipaaGrpcAccessProperties.Logoff logoff) {
		Duration duration = logoff.getMaxStreamDuration();
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "logoff.max-stream-duration", duration,
					"Set a positive duration");
		}
		return duration;
	}

	private static String claimName(String property, String name) {
		if (!StringUtils.hasText(name)) {
			throw new InvalidConfigurationPropertyValueException(property, name, "Name a token claim");
		}
		return name.strip();
	}

	/**
	 * Automatic logoff of streaming calls.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.access.logoff.enabled", matchIfMissing = true)
	static class LogoffConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@GlobalServerInterceptor
		HipaaGrpcAccessLogoffInterceptor hipaaGrpcAccessLogoffInterceptor(HipaaGrpcAccessProperties properties) {
			HipaaGrpcAccessProperties.Logoff logoff = properties.getLogoff();
			return new HipaaGrpcAccessLogoffInterceptor(maxStreamDuration(logoff), logoff.isOnTokenExpiry());
		}

	}

	/**
	 * Logoff metrics, when Micrometer is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.access.logoff.enabled", matchIfMissing = true)
	@ConditionalOnClass(MeterRegistry.class)
	static class LogoffMetricsConfiguration {

		@Bean
		MeterBinder hipaaGrpcAccessLogoffMetrics(ObjectProvider<HipaaGrpcAccessLogoffInterceptor> interceptor) {
			return (registry) -> interceptor.ifUnique((logoff) -> bind(registry, logoff));
		}

		private static void bind(MeterRegistry registry, HipaaGrpcAccessLogoffInterceptor logoff) {
			for (HipaaGrpcAccessLogoffReason reason : HipaaGrpcAccessLogoffReason.values()) {
				FunctionCounter.builder("hipaa.grpc.access.logoffs", logoff, (each) -> each.getLogoffs(reason))
					.description("Streaming calls closed by automatic logoff")
					.tag("reason", reason.code())
					.register(registry);
			}
			Gauge
				.builder("hipaa.grpc.access.logoff.streams", logoff,
						HipaaGrpcAccessLogoffInterceptor::getWatchedStreams)
				.description("Open streaming calls watched for automatic logoff")
				.register(registry);
		}

	}

}
