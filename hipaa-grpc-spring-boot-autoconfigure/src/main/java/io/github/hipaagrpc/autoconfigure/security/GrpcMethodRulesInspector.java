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

package io.github.hipaagrpc.autoconfigure.security;

import java.util.List;

import io.github.hipaagrpc.security.GrpcMethodRule;
import io.github.hipaagrpc.security.GrpcMethodRules;
import io.github.hipaagrpc.security.HipaaGrpcAuthorizationInterceptor;
import io.github.hipaagrpc.security.HipaaGrpcSecurityConfigurationException;
import io.grpc.BindableService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.log.LogMessage;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;

/**
 * Inspects the gRPC service beans once every singleton exists, logs the access rule of
 * each served method and hands the rules to the deny-by-default gate.
 */
class GrpcMethodRulesInspector implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(GrpcMethodRulesInspector.class);

	private final ListableBeanFactory beanFactory;

	private final HipaaGrpcAuthorizationInterceptor authorizationInterceptor;

	private final boolean failOnUnguarded;

	GrpcMethodRulesInspector(ListableBeanFactory beanFactory,
			HipaaGrpcAuthorizationInterceptor authorizationInterceptor, boolean failOnUnguarded) {
		this.beanFactory = beanFactory;
		this.authorizationInterceptor = authorizationInterceptor;
		this.failOnUnguarded = failOnUnguarded;
	}

	@Override
	public void afterSingletonsInstantiated() {
		checkSingleAuthentication();
		GrpcMethodRules rules = GrpcMethodRules.inspect(this.beanFactory.getBeansOfType(BindableService.class));
		logger.info(LogMessage.of(() -> describe(rules.getRules())));
		List<GrpcMethodRule> unguarded = rules.getUnguarded();
		if (!unguarded.isEmpty() && this.failOnUnguarded) {
			throw new HipaaGrpcSecurityConfigurationException(
					"gRPC methods without an access rule: " + names(unguarded),
					"Annotate each method with @PreAuthorize (or @Secured, @RolesAllowed, @PermitAll, @DenyAll), "
							+ "or set 'hipaa.grpc.security.authorization.fail-on-unguarded' to false to deny them "
							+ "at call time instead");
		}
		if (!unguarded.isEmpty()) {
			logger.warn(LogMessage.format("gRPC methods without an access rule are denied to every caller: %s",
					names(unguarded)));
		}
		this.authorizationInterceptor.setRules(rules);
	}

	private void checkSingleAuthentication() {
		String[] names = this.beanFactory.getBeanNamesForType(AuthenticationProcessInterceptor.class);
		if (names.length > 1) {
			throw new HipaaGrpcSecurityConfigurationException(
					"Found more than one gRPC authentication interceptor: " + String.join(", ", names),
					"Remove your own AuthenticationProcessInterceptor bean, which would bypass the mandatory "
							+ "token checks. Customize authentication with a JwtDecoder or "
							+ "JwtAuthenticationConverter bean instead");
		}
	}

	private static String names(List<GrpcMethodRule> rules) {
		return String.join(", ", rules.stream().map((rule) -> "'" + rule.fullMethodName() + "'").toList());
	}

	private static String describe(List<GrpcMethodRule> rules) {
		StringBuilder text = new StringBuilder("gRPC method access rules:");
		for (GrpcMethodRule rule : rules) {
			text.append(String.format("%n  %s [%s] %s", rule.fullMethodName(), rule.type(), rule.rule()));
		}
		return text.toString();
	}

}
