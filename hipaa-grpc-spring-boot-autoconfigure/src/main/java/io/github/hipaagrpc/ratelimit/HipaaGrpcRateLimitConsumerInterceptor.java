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

package io.github.hipaagrpc.ratelimit;

import java.util.List;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.security.PeerCertificateAuthenticationToken;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 * Rate limit per authenticated consumer and method, after authentication. The consumer is
 * the token's subject or client id, or the service identity of a client certificate.
 * Anonymous calls (the health service) are not limited here; the address limit covers
 * them. A streaming call takes one permit when it starts, whatever the number of its
 * messages.
 *
 * @since 0.1.0
 */
public class HipaaGrpcRateLimitConsumerInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(HipaaGrpcRateLimitConsumerInterceptor.class);

	private final HipaaGrpcRateLimitBackend backend;

	private final HipaaGrpcRateLimitPolicy policy;

	private final ConsumerKey consumerKey;

	private final HipaaGrpcRateLimitListener listener;

	/**
	 * Create an interceptor.
	 * @param backend where the limits are kept
	 * @param policy which limit applies
	 * @param consumerKey what names a consumer that presents a token
	 * @param listener the listener told of each decision
	 */
	public HipaaGrpcRateLimitConsumerInterceptor(HipaaGrpcRateLimitBackend backend, HipaaGrpcRateLimitPolicy policy,
			ConsumerKey consumerKey, HipaaGrpcRateLimitListener listener) {
		Assert.notNull(backend, "'backend' must not be null");
		Assert.notNull(policy, "'policy' must not be null");
		Assert.notNull(consumerKey, "'consumerKey' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		this.backend = backend;
		this.policy = policy;
		this.consumerKey = consumerKey;
		this.listener = listener;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String consumer = consumer(authentication);
		if (authentication == null || consumer == null) {
			return next.startCall(call, headers);
		}
		String method = call.getMethodDescriptor().getFullMethodName();
		List<String> authorities = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
		HipaaGrpcRateLimit limit = this.policy.limit(method, consumer, authorities);
		if (limit == null) {
			return next.startCall(call, headers);
		}
		HipaaGrpcRateLimitDecision decision = this.backend.tryAcquire(consumer + '\u0000' + method, limit);
		this.listener.onDecision(HipaaGrpcRateLimitPoint.CONSUMER, method, decision.granted());
		if (!decision.granted()) {
			logger.debug(LogMessage.format("Refused a call to '%s': the consumer limit '%s' is used up", method,
					limit.name()));
			return RateLimitRejection.close(call, decision);
		}
		return next.startCall(call, headers);
	}

	private @Nullable String consumer(@Nullable Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		if (authentication instanceof PeerCertificateAuthenticationToken) {
			return authentication.getName();
		}
		if (authentication instanceof JwtAuthenticationToken jwtAuthentication) {
			return this.consumerKey.of(jwtAuthentication.getToken());
		}
		return authentication.getName();
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.CONSUMER_LIMIT;
	}

	/**
	 * What names the consumer of a call that presents a token.
	 */
	public enum ConsumerKey {

		/**
		 * The token's {@code sub} claim.
		 */
		SUBJECT {

			@Override
			@Nullable String of(Jwt token) {
				return token.getSubject();
			}

		},

		/**
		 * The client the token was issued to: its {@code azp} claim, else its
		 * {@code client_id} claim, else its subject.
		 */
		CLIENT_ID {

			@Override
			@Nullable String of(Jwt token) {
				String azp = token.getClaimAsString("azp");
				if (StringUtils.hasText(azp)) {
					return azp;
				}
				String clientId = token.getClaimAsString("client_id");
				return StringUtils.hasText(clientId) ? clientId : token.getSubject();
			}

		};

		abstract @Nullable String of(Jwt token);

	}

}
