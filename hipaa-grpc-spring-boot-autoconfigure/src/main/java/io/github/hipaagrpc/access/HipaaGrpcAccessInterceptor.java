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

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Resolves the access context of each authenticated call, after authentication: the
 * facility from a token claim and the purpose of use from a token claim or, where
 * allowed, from the {@code x-purpose-of-use} metadata header. A purpose that is not an
 * accepted HL7 PurposeOfUse code ends the call with {@code INVALID_ARGUMENT}. Calls
 * without an authenticated caller (the health service) get no access context.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAccessInterceptor implements ServerInterceptor, Ordered {

	/**
	 * Metadata header in which a call may declare its purpose of use, where allowed.
	 */
	public static final Metadata.Key<String> PURPOSE_OF_USE_HEADER = Metadata.Key.of("x-purpose-of-use",
			Metadata.ASCII_STRING_MARSHALLER);

	static final String UNKNOWN_PURPOSE_DESCRIPTION = "Purpose of use is not an accepted HL7 PurposeOfUse code";

	private static final Log logger = LogFactory.getLog(HipaaGrpcAccessInterceptor.class);

	private final String facilityClaim;

	private final String purposeOfUseClaim;

	private final boolean purposeOfUseHeaderAllowed;

	/**
	 * Create an interceptor.
	 * @param facilityClaim the token claim that holds the caller's facility
	 * @param purposeOfUseClaim the token claim that holds the purpose of use
	 * @param purposeOfUseHeaderAllowed whether the purpose of use may come from the
	 * {@code x-purpose-of-use} header, ahead of the token claim
	 */
	public HipaaGrpcAccessInterceptor(String facilityClaim, String purposeOfUseClaim,
			boolean purposeOfUseHeaderAllowed) {
		Assert.hasText(facilityClaim, "'facilityClaim' must not be empty");
		Assert.hasText(purposeOfUseClaim, "'purposeOfUseClaim' must not be empty");
		this.facilityClaim = facilityClaim;
		this.purposeOfUseClaim = purposeOfUseClaim;
		this.purposeOfUseHeaderAllowed = purposeOfUseHeaderAllowed;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return next.startCall(call, headers);
		}
		String purposeOfUse = purposeOfUse(authentication, headers);
		if (purposeOfUse != null && !HipaaGrpcAccessPurposeOfUse.isAccepted(purposeOfUse)) {
			logger.debug(LogMessage.format("Refused a call to '%s': its purpose of use is not an accepted code",
					call.getMethodDescriptor().getFullMethodName()));
			Status status = Status.INVALID_ARGUMENT.withDescription(UNKNOWN_PURPOSE_DESCRIPTION);
			// Marked client-safe so that the error layer keeps the fixed description
			Metadata trailers = ClientSafeStatus.asRuntimeException(status).getTrailers();
			call.close(status, (trailers != null) ? trailers : new Metadata());
			return new Listener<>() {
			};
		}
		HipaaGrpcAccessContext access = new HipaaGrpcAccessContext(claim(authentication, this.facilityClaim),
				purposeOfUse);
		Context context = Context.current().withValue(HipaaGrpcAccessContext.KEY, access);
		return Contexts.interceptCall(context, call, headers, next);
	}

	private @Nullable String purposeOfUse(Authentication authentication, Metadata headers) {
		if (this.purposeOfUseHeaderAllowed) {
			String declared = headers.get(PURPOSE_OF_USE_HEADER);
			if (StringUtils.hasText(declared)) {
				return declared;
			}
		}
		return claim(authentication, this.purposeOfUseClaim);
	}

	private @Nullable String claim(Authentication authentication, String name) {
		if (!(authentication instanceof JwtAuthenticationToken jwtAuthentication)) {
			return null;
		}
		String value = jwtAuthentication.getToken().getClaimAsString(name);
		return StringUtils.hasText(value) ? value : null;
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.ACCESS_CONTEXT;
	}

}
