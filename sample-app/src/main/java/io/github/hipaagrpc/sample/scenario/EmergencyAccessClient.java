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

package io.github.hipaagrpc.sample.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.access.HipaaGrpcAccessBreakGlassInterceptor;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrant;
import io.github.hipaagrpc.sample.proto.EmergencyAccessGrpc;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.proto.ListEmergencyAccessesRequest;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.jspecify.annotations.Nullable;

/**
 * Makes the break-glass calls of the scenario against the emergency access service and
 * tells how they ended.
 */
final class EmergencyAccessClient {

	private final Channel channel;

	private final Duration timeout;

	EmergencyAccessClient(Channel channel, Duration timeout) {
		this.channel = channel;
		this.timeout = timeout;
	}

	/**
	 * Read the scenario's patient's chart in an emergency.
	 * @param token the bearer token to send
	 * @param reason the reason for breaking the glass, or {@code null} to give none
	 * @return the status code name, {@code OK} on success
	 */
	String readChartInEmergency(AccessToken token, @Nullable String reason) {
		Metadata headers = new Metadata();
		if (reason != null) {
			headers.put(HipaaGrpcAccessBreakGlassInterceptor.REASON_HEADER, reason);
		}
		try {
			stub(token).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
				.readChartInEmergency(GetChartRequest.newBuilder().setPatientId(RecordsClient.PATIENT_ID).build());
			return "OK";
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode().name();
		}
	}

	/**
	 * List the emergency grants made in a time range.
	 * @param token the bearer token to send
	 * @param from the start of the range, inclusive
	 * @param to the end of the range, exclusive
	 * @return the grants, oldest first
	 * @throws StatusRuntimeException if the call failed
	 */
	List<EmergencyAccessGrant> listEmergencyAccesses(AccessToken token, Instant from, Instant to) {
		ListEmergencyAccessesRequest request = ListEmergencyAccessesRequest.newBuilder()
			.setFrom(timestamp(from))
			.setTo(timestamp(to))
			.build();
		List<EmergencyAccessGrant> grants = new ArrayList<>();
		stub(token).listEmergencyAccesses(request).forEachRemaining(grants::add);
		return grants;
	}

	private EmergencyAccessGrpc.EmergencyAccessBlockingStub stub(AccessToken token) {
		return EmergencyAccessGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.withCallCredentials(token.callCredentials());
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
