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

package io.github.hipaagrpc.security;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.util.Assert;

/**
 * Deny-by-default gate: a call to a method that has no access rule is denied before it
 * reaches the service, whoever the caller is. Methods with a rule pass on to their own
 * method security checks.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuthorizationInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(HipaaGrpcAuthorizationInterceptor.class);

	private volatile GrpcMethodRules rules = GrpcMethodRules.denyAll();

	/**
	 * Set the rules that this gate enforces. Until they are set, every call is denied.
	 * @param rules the rules
	 */
	public void setRules(GrpcMethodRules rules) {
		Assert.notNull(rules, "'rules' must not be null");
		this.rules = rules;
	}

	/**
	 * Return the rules that this gate enforces.
	 * @return the rules
	 */
	public GrpcMethodRules getRules() {
		return this.rules;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		if (this.rules.isDenied(method)) {
			logger.debug(LogMessage.format("Denied call to '%s': the method has no access rule", method));
			throw new AccessDeniedException("Access denied");
		}
		return next.startCall(call, headers);
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.AUTHORIZATION;
	}

}
