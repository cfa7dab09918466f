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
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.error.ClientSafeStatus;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Break-glass emergency access: a call that declares the purpose of use {@code ETREAT}
 * runs with emergency authority when its caller holds an emergency-capable role and
 * either holds a grant in force or gives a reason in the {@code x-break-glass-reason}
 * header, which makes a new grant for a bounded time. Without a reason, or from another
 * role, the call ends with {@code PERMISSION_DENIED}; a malformed reason ends it with
 * {@code INVALID_ARGUMENT}. These statuses carry fixed descriptions that tell the client
 * what to do, marked safe for the error layer. The reason is stored with the grant and
 * never logged or echoed.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessBreakGlassInterceptor implements ServerInterceptor, Ordered {

	/**
	 * Metadata header in which a caller gives the reason for breaking the glass.
	 */
	public static final Metadata.Key<String> REASON_HEADER = Metadata.Key.of("x-break-glass-reason",
			Metadata.ASCII_STRING_MARSHALLER);

	/**
	 * Fewest characters a reason may have.
	 */
	public static final int MINIMUM_REASON_LENGTH = 10;

	/**
	 * Most characters a reason may have.
	 */
	public static final int MAXIMUM_REASON_LENGTH = 500;

	/**
	 * Description of the status that refuses emergency access to a caller without an
	 * emergency-capable role.
	 */
	public static final String ROLE_DESCRIPTION = "Emergency access is not allowed for the caller's roles";

	/**
	 * Description of the status that refuses emergency access to a caller who holds no
	 * grant in force and gave no reason.
	 */
	public static final String REASON_REQUIRED_DESCRIPTION = "Emergency access (ETREAT) needs a reason in the "
			+ "x-break-glass-reason header";

	/**
	 * Description of the status that refuses a malformed reason.
	 */
	public static final String REASON_INVALID_DESCRIPTION = "Break-glass reason must be " + MINIMUM_REASON_LENGTH
			+ " to " + MAXIMUM_REASON_LENGTH + " printable ASCII characters";

	/**
	 * Description of the status of a call whose grant could not be read or stored.
	 */
	public static final String UNAVAILABLE_DESCRIPTION = "Emergency grants cannot be checked now; retry later";

	private static final String ROLE_PREFIX = "ROLE_";

	private static final Log logger = LogFactory.getLog(HipaaGrpcAccessBreakGlassInterceptor.class);

	private final HipaaGrpcAccessEmergencyGrantStore store;

	private final ApplicationEventPublisher publisher;

	private final Settings settings;

	private final Clock clock;

	/**
	 * Create an interceptor.
	 * @param store the store of grants shared by the replicas
	 * @param publisher the publisher of the event of a new grant
	 * @param settings who may break the glass and for how long
	 * @param clock the replica's clock, against which grants expire
	 */
	public HipaaGrpcAccessBreakGlassInterceptor(HipaaGrpcAccessEmergencyGrantStore store,
			ApplicationEventPublisher publisher, Settings settings, Clock clock) {
		Assert.notNull(store, "'store' must not be null");
		Assert.notNull(publisher, "'publisher' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.store = store;
		this.publisher = publisher;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		HipaaGrpcAccessContext access = HipaaGrpcAccessContext.current();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (access == null || !HipaaGrpcAccessPurposeOfUse.ETREAT.equals(access.purposeOfUse())
				|| authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return next.startCall(call, headers);
		}
		String method = call.getMethodDescriptor().getFullMethodName();
		Set<String> roles = roles(authentication);
		if (roles.stream().noneMatch(this.settings.roles()::contains)) {
			return refuse(call, method, Status.PERMISSION_DENIED.withDescription(ROLE_DESCRIPTION));
		}
		String reason = headers.get(REASON_HEADER);
		if (reason != null && !isValid(reason)) {
			return refuse(call, method, Status.INVALID_ARGUMENT.withDescription(REASON_INVALID_DESCRIPTION));
		}
		HipaaGrpcAccessEmergencyGrant grant;
		try {
			grant = grant(authentication, roles, (reason != null) ? reason.strip() : null, method);
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format("Emergency grants could not be read or stored for a call to '%s' (%s)",
					method, ex.getClass().getName()));
			return refuse(call, method, Status.UNAVAILABLE.withDescription(UNAVAILABLE_DESCRIPTION));
		}
		if (grant == null) {
			return refuse(call, method, Status.PERMISSION_DENIED.withDescription(REASON_REQUIRED_DESCRIPTION));
		}
		Context context = Context.current().withValue(HipaaGrpcAccessEmergencyGrant.KEY, grant);
		return Contexts.interceptCall(context, call, headers, next);
	}

	private @Nullable HipaaGrpcAccessEmergencyGrant grant(Authentication authentication, Set<String> roles,
			@Nullable String reason, String method) {
		Instant now = this.clock.instant();
		HipaaGrpcAccessEmergencyGrant active = this.store.findActive(authentication.getName(), now);
		if (active != null || reason == null) {
			return active;
		}
		String sortedRoles = roles.stream().sorted().collect(Collectors.joining(","));
		HipaaGrpcAccessEmergencyGrant grant = new HipaaGrpcAccessEmergencyGrant(UUID.randomUUID().toString(),
				authentication.getName(), clientId(authentication),
				StringUtils.hasLength(sortedRoles) ? sortedRoles : null, now, now.plus(this.settings.duration()),
				this.settings.replica());
		this.store.save(grant, reason);
		logger.info(LogMessage.format("Emergency grant '%s' made for a call to '%s', in force until '%s'", grant.id(),
				method, grant.expiresAt()));
		this.publisher.publishEvent(new HipaaGrpcAccessEmergencyAccessGrantedEvent(this, grant, reason));
		return grant;
	}

	private <ReqT, RespT> Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, String method, Status status) {
		logger.debug(LogMessage.format("Refused emergency access to '%s' (%s)", method, status.getCode()));
		Metadata trailers = ClientSafeStatus.asRuntimeException(status).getTrailers();
		call.close(status, (trailers != null) ? trailers : new Metadata());
		return new Listener<>() {
		};
	}

	static boolean isValid(String reason) {
		String stripped = reason.strip();
		if (stripped.length() < MINIMUM_REASON_LENGTH || stripped.length() > MAXIMUM_REASON_LENGTH) {
			return false;
		}
		return stripped.chars().allMatch((c) -> c >= 0x20 && c < 0x7f);
	}

	private static Set<String> roles(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.collect(Collectors.toSet());
	}

	private static @Nullable String clientId(Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken jwtAuthentication)) {
			return null;
		}
		Jwt token = jwtAuthentication.getToken();
		String azp = token.getClaimAsString("azp");
		return StringUtils.hasText(azp) ? azp : token.getClaimAsString("client_id");
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.BREAK_GLASS;
	}

	/**
	 * Who may break the glass and for how long.
	 *
	 * @param roles the emergency-capable roles, without the {@code ROLE_} prefix
	 * @param duration how long a grant lasts
	 * @param replica the name of this replica, stored with the grants it makes
	 */
	public record Settings(Set<String> roles, Duration duration, String replica) {

		public Settings {
			Assert.notEmpty(roles, "'roles' must not be empty");
			Assert.isTrue(!duration.isNegative() && !duration.isZero(), "'duration' must be positive");
			Assert.hasText(replica, "'replica' must not be empty");
			roles = Set.copyOf(roles);
		}

	}

}
