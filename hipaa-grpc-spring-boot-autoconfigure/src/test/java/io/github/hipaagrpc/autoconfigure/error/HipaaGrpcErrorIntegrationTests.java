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

package io.github.hipaagrpc.autoconfigure.error;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.autoconfigure.StreamRecorder;
import io.github.hipaagrpc.error.CorrelationId;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the exception advice and correlation ids over a real TLS socket, for every
 * kind of call and for exceptions thrown by an interceptor.
 */
@SpringBootTest(classes = HipaaGrpcErrorIntegrationTests.FailingServerConfiguration.class,
		webEnvironment = WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class HipaaGrpcErrorIntegrationTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final Metadata.Key<String> FAIL_IN_INTERCEPTOR = Metadata.Key.of("x-test-fail",
			Metadata.ASCII_STRING_MARSHALLER);

	@Value("${local.grpc.server.port}")
	private int port;

	@Autowired
	private FailingRecordsService service;

	private ManagedChannel channel;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		support.registerProperties(registry);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@BeforeEach
	void openChannel() {
		this.channel = support.channel(this.port);
	}

	@AfterEach
	void closeChannel() {
		this.channel.shutdownNow();
	}

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("authentication", Status.Code.UNAUTHENTICATED, "Authentication failed"),
				Arguments.of("access", Status.Code.PERMISSION_DENIED, "Access denied"),
				Arguments.of("validation", Status.Code.INVALID_ARGUMENT, "Invalid request: patient_id, notes[*]"),
				Arguments.of("not-found", Status.Code.NOT_FOUND, "Not found"),
				Arguments.of("conflict", Status.Code.ABORTED, "Conflicting change; read again and retry"),
				Arguments.of("timeout", Status.Code.DEADLINE_EXCEEDED,
						"Deadline exceeded; retry with a longer deadline"),
				Arguments.of("cancelled", Status.Code.CANCELLED, "Call cancelled"),
				Arguments.of("rate-limited", Status.Code.RESOURCE_EXHAUSTED, "Too many requests; retry later"),
				Arguments.of("thrown-status", Status.Code.ABORTED, "Conflicting change; read again and retry"),
				Arguments.of("internal", Status.Code.INTERNAL, "Internal error; try again later (id: %s)"));
	}

	static Stream<Arguments> failuresChosenByService() {
		return Stream.of(Arguments.of("status", Status.Code.NOT_FOUND, "Not found"),
				Arguments.of("safe-status", Status.Code.FAILED_PRECONDITION, "Chart changed; read it again"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "failures", "failuresChosenByService" })
	void unaryWhenServiceFailsAnswersSafeStatusWithCorrelationId(String kind, Status.Code code, String description) {
		assertFailure(() -> records().read(request(kind)), code, description);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "failures", "failuresChosenByService" })
	void serverStreamingWhenServiceFailsBeforeFirstMessageAnswersSafeStatus(String kind, Status.Code code,
			String description) {
		assertFailure(() -> drain(records().watch(request(kind))), code, description);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "failures", "failuresChosenByService" })
	void serverStreamingWhenServiceFailsAfterFirstMessageAnswersSafeStatus(String kind, Status.Code code,
			String description) {
		assertFailure(() -> drain(records().watch(request("after-first:" + kind))), code, description);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "failures", "failuresChosenByService" })
	void clientStreamingWhenServiceFailsInOnNextAnswersSafeStatus(String kind, Status.Code code, String description) {
		assertFailure(() -> stream(kind, false), code, description);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "failures", "failuresChosenByService" })
	void bidiStreamingWhenServiceFailsInOnNextAnswersSafeStatus(String kind, Status.Code code, String description) {
		assertFailure(() -> stream(kind, true), code, description);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void interceptorWhenItThrowsAnswersSafeStatus(String kind, Status.Code code, String description) {
		Metadata headers = new Metadata();
		headers.put(FAIL_IN_INTERCEPTOR, kind);
		ClientInterceptor attach = MetadataUtils.newAttachHeadersInterceptor(headers);
		assertFailure(() -> records().withInterceptors(attach).read(request("ok")), code, description);
	}

	@Test
	void unaryWhenOkReturnsCorrelationIdInTrailers() {
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		ClientInterceptor capture = MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers);
		assertThat(records().withInterceptors(capture).read(request("ok")).getId()).isEqualTo("ok");
		assertThat(CorrelationId.isAcceptable(correlationId(trailers.get()))).isTrue();
	}

	@Test
	void unaryWhenClientSendsAcceptableCorrelationIdKeepsIt() {
		String sent = "client-chosen-id-42";
		StatusRuntimeException ex = failWithCorrelationId(sent);
		assertThat(correlationId(ex.getTrailers())).isEqualTo(sent);
		assertThat(ex.getStatus().getDescription()).contains(sent);
	}

	@Test
	void unaryWhenClientSendsHostileCorrelationIdReplacesIt() {
		String sent = "<script>alert(1)</script> 123-45-6789";
		StatusRuntimeException ex = failWithCorrelationId(sent);
		String returned = correlationId(ex.getTrailers());
		assertThat(returned).isNotEqualTo(sent);
		assertThat(CorrelationId.isAcceptable(returned)).isTrue();
	}

	@Test
	void unaryWhenInternalErrorLogsCorrelationIdAndExceptionTypeButNoToken(CapturedOutput output) {
		String token = support.minter().token("alice", "PROVIDER");
		StatusRuntimeException ex = catchFailure(() -> TestRecordsGrpc.newBlockingStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.read(request("internal")));
		String id = correlationId(ex.getTrailers());
		assertThat(output).contains(id).contains("java.lang.IllegalStateException").doesNotContain(token);
	}

	@Test
	void unaryWhenFailureCarriesEphiAndTokensLogsNeitherButKeepsCorrelationId(CapturedOutput output) {
		String token = support.minter().token("alice", "PROVIDER");
		StatusRuntimeException ex = catchFailure(() -> TestRecordsGrpc.newBlockingStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.read(request("ephi")));
		String id = correlationId(ex.getTrailers());
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(output).contains(id)
			.contains("[REDACTED]")
			.doesNotContain(FailingRecordsService.SSN)
			.doesNotContain(FailingRecordsService.LEAKED_TOKEN)
			.doesNotContain(token);
	}

	@Test
	void serverStreamingWhenDeadlinePassesStopsTheServiceAndAnswersDeadlineExceeded(CapturedOutput output) {
		Iterator<RecordReply> replies = records().withDeadlineAfter(Duration.ofMillis(300)).watch(request("slow"));
		StatusRuntimeException ex = catchFailure(() -> drain(replies));
		assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		await().atMost(Duration.ofSeconds(20)).until(this.service::isSlowLoopStopped);
		int stoppedAt = this.service.getSlowLoopIterations();
		assertThat(stoppedAt).isPositive();
		assertThat(this.service.getSlowLoopIterations()).isEqualTo(stoppedAt);
		assertThat(output).doesNotContain("ERROR");
	}

	private StatusRuntimeException failWithCorrelationId(String correlationId) {
		Metadata headers = new Metadata();
		headers.put(CorrelationId.METADATA_KEY, correlationId);
		ClientInterceptor attach = MetadataUtils.newAttachHeadersInterceptor(headers);
		return catchFailure(() -> records().withInterceptors(attach).read(request("internal")));
	}

	private void assertFailure(ThrowingCallable call, Status.Code code, String description) {
		StatusRuntimeException ex = catchFailure(call);
		String id = correlationId(ex.getTrailers());
		assertThat(CorrelationId.isAcceptable(id)).as("acceptable correlation id").isTrue();
		assertThat(ex.getStatus().getCode()).isEqualTo(code);
		assertThat(ex.getStatus().getDescription()).isEqualTo(String.format(description, id));
	}

	private static StatusRuntimeException catchFailure(ThrowingCallable call) {
		AtomicReference<StatusRuntimeException> failure = new AtomicReference<>();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call).satisfies(failure::set);
		StatusRuntimeException ex = failure.get();
		if (ex == null) {
			throw new AssertionError("Call did not fail");
		}
		return ex;
	}

	private static String correlationId(@Nullable Metadata trailers) {
		String id = (trailers != null) ? trailers.get(CorrelationId.METADATA_KEY) : null;
		assertThat(id).as("correlation id in trailers").isNotNull();
		return String.valueOf(id);
	}

	private void stream(String kind, boolean bidi) throws InterruptedException {
		StreamRecorder<RecordReply> recorder = new StreamRecorder<>();
		TestRecordsGrpc.TestRecordsStub stub = TestRecordsGrpc.newStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(support.minter().token("alice", "PROVIDER")));
		StreamObserver<RecordRequest> requests = bidi ? stub.exchange(recorder) : stub.upload(recorder);
		requests.onNext(request("ok"));
		requests.onNext(request(kind));
		requests.onCompleted();
		recorder.awaitAndRethrow();
	}

	private static void drain(Iterator<RecordReply> replies) {
		while (replies.hasNext()) {
			replies.next();
		}
	}

	private TestRecordsGrpc.TestRecordsBlockingStub records() {
		return TestRecordsGrpc.newBlockingStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(support.minter().token("alice", "PROVIDER")))
			.withDeadlineAfter(Duration.ofSeconds(30));
	}

	private static RecordRequest request(String id) {
		return RecordRequest.newBuilder().setId(id).build();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FailingServerConfiguration {

		@Bean
		FailingRecordsService failingRecordsService() {
			return new FailingRecordsService();
		}

		@Bean
		@GlobalServerInterceptor
		ServerInterceptor failingInterceptor() {
			return new FailingInterceptor();
		}

	}

}
