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

package io.github.hipaagrpc.audit;

import java.util.stream.Collectors;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.security.PeerCertificateAuthenticationToken;
import io.github.hipaagrpc.security.PeerCertificateIdentity;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Tells the audit record of a call who the caller is, right after authentication: the
 * user or service, the OAuth2 client, the roles and how the caller was authenticated.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditSubjectInterceptor implements ServerInterceptor, Ordered {

	private static final String ROLE_PREFIX = "ROLE_";

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		AuditedCall audited = AuditedCall.current();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (audited != null && authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			audited.subject(subject(authentication));
		}
		return next.startCall(call, headers);
	}

	private AuditedCall.Subject subject(Authentication authentication) {
		String roles = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(ROLE_PREFIX))
			.map((authority) -> authority.substring(ROLE_PREFIX.length()))
			.sorted()
			.collect(Collectors.joining(","));
		String detail = (authentication.getDetails() instanceof PeerCertificateIdentity identity)
				? "Client certificate identity '" + identity.name() + "'" : null;
		return new AuditedCall.Subject(authentication.getName(), clientId(authentication),
				StringUtils.hasLength(roles) ? roles : null, kind(authentication), detail);
	}

	private @Nullable String clientId(Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken jwtAuthentication)) {
			return null;
		}
		Jwt token = jwtAuthentication.getToken();
		String azp = token.getClaimAsString("azp");
		return StringUtils.hasText(azp) ? azp : token.getClaimAsString("client_id");
	}

	private String kind(Authentication authentication) {
		if (authentication instanceof PeerCertificateAuthenticationToken) {
			return "certificate";
		}
		if (authentication instanceof JwtAuthenticationToken) {
			return (authentication.getDetails() instanceof PeerCertificateIdentity) ? "jwt+certificate" : "jwt";
		}
		return "other";
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.AUDIT_SUBJECT;
	}

}
