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

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrant;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.core.Ordered;

/**
 * Tells the audit record of a call the break-glass emergency grant it runs under, so that
 * every emergency access is flagged in the trail.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditEmergencyInterceptor implements ServerInterceptor, Ordered {

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		AuditedCall audited = AuditedCall.current();
		HipaaGrpcAccessEmergencyGrant grant = HipaaGrpcAccessEmergencyGrant.current();
		if (audited != null && grant != null) {
			audited.emergencyGrant(grant.id());
		}
		return next.startCall(call, headers);
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.AUDIT_EMERGENCY;
	}

}
