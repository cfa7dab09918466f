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

import org.springframework.core.Ordered;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Keeps the calling service's certificate identity with a call authenticated by a bearer
 * token, as the authentication's details, so that {@code @PreAuthorize} can check both
 * the user and the calling service ({@code authentication.details?.name}). The token
 * stays the principal: a certificate never replaces it. A certificate identity that
 * cannot be read with certainty fails the call, even beside a valid token.
 *
 * @since 0.1.0
 */
public class PeerCertificateIdentityInterceptor implements ServerInterceptor, Ordered {

	private final PeerCertificateAuthenticationExtractor extractor;

	/**
	 * Create an interceptor that reads identities as the given extractor does.
	 * @param extractor the extractor of certificate identities
	 */
	public PeerCertificateIdentityInterceptor(PeerCertificateAuthenticationExtractor extractor) {
		this.extractor = extractor;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof AbstractAuthenticationToken token
				&& !(authentication instanceof PeerCertificateAuthenticationToken)) {
			PeerCertificateIdentity identity = this.extractor.identity(headers, call.getAttributes());
			if (identity != null) {
				token.setDetails(identity);
			}
		}
		return next.startCall(call, headers);
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.PEER_IDENTITY;
	}

}
