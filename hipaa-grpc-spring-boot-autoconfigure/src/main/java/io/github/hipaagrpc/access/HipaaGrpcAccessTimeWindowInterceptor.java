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

package io.github.hipaagrpc.access;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.security.PeerCertificateAuthenticationToken;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.Assert;

/**
 * Takes out of force, for one call, every role of the caller that has time-of-access
 * windows none of which is open when the call starts: the call is then authorized as if
 * the caller did not hold that role. Runs right after the access context and before
 * method authorization. The authentication that {@code @PreAuthorize} sees is replaced in
 * the call's security context, which spring-grpc's authentication layer created for this
 * call alone and sets on every thread a callback of the call runs on. The audit record
 * keeps the token's roles, recorded before this layer runs.
 * <p>
 * Issue #8: a stream keeps the roles it started with; it is not ended when a window
 * closes.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessTimeWindowInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(HipaaGrpcAccessTimeWindowInterceptor.class);

	private static final String ROLE_PREFIX = "ROLE_";

	private final HipaaGrpcAccessPolicyCache policy;

	private final Clock clock;

	/**
	 * Create an interceptor.
	 * @param policy the cached access policy that names the windows of each role
	 * @param clock the clock that tells the time of access
	 */
	public HipaaGrpcAccessTimeWindowInterceptor(HipaaGrpcAccessPolicyCache policy, Clock clock) {
		Assert.notNull(policy, "'policy' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.policy = policy;
		this.clock = clock;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		SecurityContext security = SecurityContextHolder.getContext();
		Authentication authentication = security.getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return next.startCall(call, headers);
		}
		Set<String> closed = closedRoles(authentication.getAuthorities(), this.clock.instant());
		if (!closed.isEmpty()) {
			logger.debug(LogMessage.format("Took %d role(s) out of force for a call to '%s': outside their windows",
					closed.size(), call.getMethodDescriptor().getFullMethodName()));
			security.setAuthentication(withoutAuthorities(authentication, closed));
		}
		return next.startCall(call, headers);
	}

	private Set<String> closedRoles(Collection<? extends GrantedAuthority> authorities, Instant now) {
		Set<String> closed = new HashSet<>();
		for (GrantedAuthority granted : authorities) {
			String authority = granted.getAuthority();
			if (authority != null && authority.startsWith(ROLE_PREFIX)) {
				HipaaGrpcAccessSchedule schedule = this.policy.schedule(authority.substring(ROLE_PREFIX.length()));
				if (schedule != null && !schedule.isOpen(now)) {
					closed.add(authority);
				}
			}
		}
		return closed;
	}

	static Authentication withoutAuthorities(Authentication authentication, Set<String> closed) {
		if (authentication instanceof PeerCertificateAuthenticationToken token) {
			List<GrantedAuthority> kept = token.getAuthorities()
				.stream()
				.filter((granted) -> !closed.contains(granted.getAuthority()))
				.toList();
			PeerCertificateAuthenticationToken narrowed = token.authenticated(kept);
			narrowed.setDetails(token.getDetails());
			return narrowed;
		}
		return authentication.toBuilder()
			.authorities((authorities) -> authorities.removeIf((granted) -> closed.contains(granted.getAuthority())))
			.build();
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.ACCESS_TIME_WINDOW;
	}

}
