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

package io.github.hipaagrpc.error;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcCorrelationInterceptor}.
 */
class HipaaGrpcCorrelationInterceptorTests {

	private final List<String> seenInService = new CopyOnWriteArrayList<>();

	private @Nullable Server server;

	private @Nullable ManagedChannel channel;

	@AfterEach
	void stop() {
		if (this.channel != null) {
			this.channel.shutdownNow();
		}
		if (this.server != null) {
			this.server.shutdownNow();
		}
	}

	@Test
	void interceptCallWhenNoIncomingIdUsesTraceIdEverywhere() throws IOException {
		ManagedChannel channel = start(true, () -> "0af7651916cd43dd8448eb211c80319c");
		Metadata trailers = read(channel, null);
		assertThat(trailers.get(CorrelationId.METADATA_KEY)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(this.seenInService).containsExactly("0af7651916cd43dd8448eb211c80319c",
				"0af7651916cd43dd8448eb211c80319c");
	}

	@Test
	void interceptCallWhenIncomingIdAcceptableKeepsItOverTraceId() throws IOException {
		ManagedChannel channel = start(true, () -> "0af7651916cd43dd8448eb211c80319c");
		Metadata trailers = read(channel, "caller-chosen-0001");
		assertThat(trailers.get(CorrelationId.METADATA_KEY)).isEqualTo("caller-chosen-0001");
		assertThat(this.seenInService).containsOnly("caller-chosen-0001");
	}

	@Test
	void interceptCallWhenIncomingIdNotTrustedIgnoresIt() throws IOException {
		ManagedChannel channel = start(false, () -> null);
		Metadata trailers = read(channel, "caller-chosen-0001");
		String id = trailers.get(CorrelationId.METADATA_KEY);
		assertThat(id).isNotEqualTo("caller-chosen-0001");
		assertThat(CorrelationId.isAcceptable(id)).isTrue();
		assertThat(this.seenInService).containsOnly(id);
	}

	@Test
	void interceptCallWhenDoneLeavesNoMdcBehind() throws IOException {
		ManagedChannel channel = start(true, () -> null);
		read(channel, null);
		assertThat(MDC.get(CorrelationId.MDC_KEY)).isNull();
	}

	@Test
	void isAcceptableWhenValueIsHostileOrMalformedRejectsIt() {
		assertThat(CorrelationId.isAcceptable("short")).isFalse();
		assertThat(CorrelationId.isAcceptable("a".repeat(65))).isFalse();
		assertThat(CorrelationId.isAcceptable("id with spaces 1234")).isFalse();
		assertThat(CorrelationId.isAcceptable("-starts-with-hyphen")).isFalse();
		assertThat(CorrelationId.isAcceptable("line\nbreak-12345")).isFalse();
		assertThat(CorrelationId.isAcceptable(null)).isFalse();
		assertThat(CorrelationId.isAcceptable("f47ac10b-58cc-4372-a567-0e02b2c3d479")).isTrue();
	}

	private ManagedChannel start(boolean trustIncoming, TraceIdProvider traceId) throws IOException {
		String name = InProcessServerBuilder.generateName();
		HipaaGrpcCorrelationInterceptor interceptor = new HipaaGrpcCorrelationInterceptor(trustIncoming, traceId);
		this.server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(new RecordingService(this.seenInService), interceptor))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
		return this.channel;
	}

	private static Metadata read(ManagedChannel channel, @Nullable String correlationId) {
		Metadata headers = new Metadata();
		if (correlationId != null) {
			headers.put(CorrelationId.METADATA_KEY, correlationId);
		}
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		ClientInterceptor attach = MetadataUtils.newAttachHeadersInterceptor(headers);
		ClientInterceptor capture = MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers);
		TestRecordsGrpc.newBlockingStub(channel)
			.withInterceptors(attach, capture)
			.read(RecordRequest.newBuilder().setId("x").build());
		Metadata result = trailers.get();
		assertThat(result).isNotNull();
		return (result != null) ? result : new Metadata();
	}

	/**
	 * Service that records the correlation id it sees in the MDC and in the gRPC context.
	 */
	static class RecordingService extends TestRecordsGrpc.TestRecordsImplBase {

		private final List<String> seen;

		RecordingService(List<String> seen) {
			this.seen = seen;
		}

		@Override
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			this.seen.add(String.valueOf(MDC.get(CorrelationId.MDC_KEY)));
			this.seen.add(String.valueOf(CorrelationId.current()));
			responseObserver.onNext(RecordReply.newBuilder().setId(request.getId()).build());
			responseObserver.onCompleted();
		}

	}

}
