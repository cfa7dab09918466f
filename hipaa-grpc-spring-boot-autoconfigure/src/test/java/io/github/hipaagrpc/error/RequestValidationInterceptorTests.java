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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ExecutionException;
import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.testservice.BrokenRequest;
import io.github.hipaagrpc.testservice.Observation;
import io.github.hipaagrpc.testservice.PatientReply;
import io.github.hipaagrpc.testservice.PatientRequest;
import io.github.hipaagrpc.testservice.PlainRequest;
import io.github.hipaagrpc.testservice.UncompilableRequest;
import io.github.hipaagrpc.testservice.ValidatedRecordsGrpc;
import io.github.hipaagrpc.testservice.ValidatedRecordsGrpc.ValidatedRecordsBlockingStub;
import io.github.hipaagrpc.testservice.VisitRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.grpc.server.exception.CompositeGrpcExceptionHandler;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link RequestValidationInterceptor} on an in-process gRPC server, behind
 * Spring gRPC's exception handling interceptor with {@link HipaaGrpcExceptionHandler}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestValidationInterceptorTests {

	private static final String SECRET = "Zebulon-Quartermaine-7731";

	private static final String VALID_ID = "TEST-PT-0042";

	private static final List<String> LOGGERS = List.of("io.github.hipaagrpc", "org.springframework.grpc", "io.grpc");

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	private final Validator validator = ValidatorFactory.newBuilder().build();

	private final ValidatedRecordsService service = new ValidatedRecordsService();

	private final List<Throwable> handled = new CopyOnWriteArrayList<>();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void logAtDebug() {
		for (String name : LOGGERS) {
			this.loggingSystem.setLogLevel(name, LogLevel.DEBUG);
		}
	}

	@AfterEach
	void resetLogLevels() {
		for (String name : LOGGERS) {
			this.loggingSystem.setLogLevel(name, null);
		}
	}

	@BeforeEach
	void startServer() throws IOException {
		String name = InProcessServerBuilder.generateName();
		GrpcExceptionHandler handlers = new CompositeGrpcExceptionHandler(this::record,
				new HipaaGrpcExceptionHandler(List.of()));
		this.server = InProcessServerBuilder.forName(name)
			.addService(ServerInterceptors.intercept(this.service, new RequestValidationInterceptor(this.validator),
					new GrpcExceptionHandlerInterceptor(handlers)))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void readWhenRequestIsValidReachesService() {
		PatientRequest request = PatientRequest.newBuilder()
			.setPatientId(VALID_ID)
			.putNotes(VALID_ID, "stable")
			.addObservations(observation("8867-4", 72_000))
			.build();
		assertThat(stub().read(request).getPatientId()).isEqualTo(VALID_ID);
		assertThat(this.service.received()).containsExactly(request);
	}

	@Test
	void readWhenFieldIsInvalidIsInvalidArgumentNamingFieldOnly(CapturedOutput output) {
		Status status = statusOf(() -> stub().read(patient(SECRET)));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: patient_id");
		assertThat(this.service.received()).isEmpty();
		assertThat(this.handled).singleElement()
			.isInstanceOfSatisfying(RequestValidationException.class,
					(ex) -> assertThat(ex.getFieldPaths()).containsExactly("patient_id"));
		assertThat(output).contains("Rejected request to 'hipaagrpc.test.v1.ValidatedRecords/Read'")
			.doesNotContain(SECRET);
	}

	@Test
	void watchWhenRequestIsInvalidIsInvalidArgumentBeforeAnyReply(CapturedOutput output) {
		List<PatientReply> replies = new ArrayList<>();
		Status status = statusOf(() -> stub().watch(patient(SECRET)).forEachRemaining(replies::add));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: patient_id");
		assertThat(replies).isEmpty();
		assertThat(this.service.received()).isEmpty();
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void watchWhenRequestIsValidStreamsReplies() {
		Iterator<PatientReply> replies = stub().watch(patient(VALID_ID));
		List<PatientReply> drained = new ArrayList<>();
		replies.forEachRemaining(drained::add);
		assertThat(drained).hasSize(3);
	}

	@Test
	void uploadWhenSecondMessageIsInvalidIsInvalidArgumentAndStreamNeverCompletes(CapturedOutput output)
			throws Exception {
		Recorder recorder = new Recorder();
		StreamObserver<PatientRequest> requests = ValidatedRecordsGrpc.newStub(this.channel).upload(recorder);
		requests.onNext(patient(VALID_ID));
		requests.onNext(patient(SECRET));
		requests.onNext(patient("TEST-PT-0043"));
		requests.onCompleted();
		Status status = recorder.awaitStatus();
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: patient_id");
		assertThat(recorder.replies).isEmpty();
		assertThat(this.service.received()).containsExactly(patient(VALID_ID));
		assertThat(this.service.completed()).isEmpty();
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void uploadWhenEveryMessageIsValidCompletes() throws Exception {
		Recorder recorder = new Recorder();
		StreamObserver<PatientRequest> requests = ValidatedRecordsGrpc.newStub(this.channel).upload(recorder);
		requests.onNext(patient(VALID_ID));
		requests.onNext(patient("TEST-PT-0043"));
		requests.onCompleted();
		assertThat(recorder.awaitStatus().getCode()).isEqualTo(Status.Code.OK);
		assertThat(this.service.received()).hasSize(2);
		assertThat(this.service.completed()).containsExactly("upload");
	}

	@Test
	void exchangeWhenSecondMessageIsInvalidIsInvalidArgumentAfterFirstReply(CapturedOutput output) throws Exception {
		Recorder recorder = new Recorder();
		StreamObserver<PatientRequest> requests = ValidatedRecordsGrpc.newStub(this.channel).exchange(recorder);
		requests.onNext(patient(VALID_ID));
		requests.onNext(PatientRequest.newBuilder().setPatientId(VALID_ID).putNotes(VALID_ID, SECRET).build());
		requests.onCompleted();
		Status status = recorder.awaitStatus();
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: notes[*]");
		assertThat(recorder.replies).extracting(PatientReply::getPatientId).containsExactly(VALID_ID);
		assertThat(this.service.completed()).isEmpty();
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void readWhenMapValueIsInvalidRendersKeyAsWildcard(CapturedOutput output) {
		String key = "TEST-PT-9876";
		PatientRequest request = PatientRequest.newBuilder()
			.setPatientId(VALID_ID)
			.putNotes(key, "a note far longer than twenty characters")
			.build();
		Status status = statusOf(() -> stub().read(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: notes[*]").doesNotContain(key);
		assertThat(output).doesNotContain(key);
	}

	@Test
	void readWhenMapKeyIsInvalidRendersKeyAsWildcard(CapturedOutput output) {
		PatientRequest request = PatientRequest.newBuilder().setPatientId(VALID_ID).putNotes(SECRET, "ok").build();
		Status status = statusOf(() -> stub().read(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: notes[*]");
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void readWhenRepeatedElementIsInvalidNamesItsIndex() {
		PatientRequest request = PatientRequest.newBuilder()
			.setPatientId(VALID_ID)
			.addObservations(observation("8867-4", 72_000))
			.addObservations(observation("8310-5", -1))
			.build();
		Status status = statusOf(() -> stub().read(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: observations[1].value_milli");
	}

	@Test
	void readWhenSeveralFieldsAreInvalidNamesEachOnce() {
		PatientRequest request = PatientRequest.newBuilder()
			.setPatientId(SECRET)
			.addObservations(observation("", 0))
			.build();
		Status status = statusOf(() -> stub().read(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription())
			.isEqualTo("Invalid request: patient_id, observations[0].code, observations[0].value_milli");
	}

	@Test
	void scheduleWhenMessageRuleIsViolatedNamesTheRule() {
		VisitRequest request = VisitRequest.newBuilder().setFirstDay(20).setLastDay(3).build();
		Status status = statusOf(() -> stub().schedule(request));
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("Invalid request: (message:visit_days_ordered)");
		assertThat(this.service.received()).isEmpty();
	}

	@Test
	void scheduleWhenMessageRuleIsMetReachesService() {
		VisitRequest request = VisitRequest.newBuilder().setFirstDay(3).setLastDay(20).build();
		assertThat(stub().schedule(request).getPatientId()).isEqualTo("scheduled");
	}

	@Test
	void readWhenCalledConcurrentlyAnswersEachRequestOnItsOwn() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> outcomes = new ArrayList<>();
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				String patientId = ((i % 2) == 0) ? String.format("TEST-PT-%04d", i) : "bad-" + i;
				expected.add(((i % 2) == 0) ? patientId : "INVALID_ARGUMENT");
				outcomes.add(clients.submit(() -> outcome(patientId)));
			}
			List<String> actual = new ArrayList<>();
			for (Future<String> outcome : outcomes) {
				actual.add(outcome.get(30, TimeUnit.SECONDS));
			}
			assertThat(actual).isEqualTo(expected);
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void pingWhenMessageHasNoConstraintsReachesService() {
		PlainRequest request = PlainRequest.newBuilder().setText(SECRET).build();
		assertThat(stub().ping(request).getPatientId()).isEqualTo(SECRET);
		assertThat(this.service.received()).containsExactly(request);
	}

	@Test
	void validatorWhenRuleFailsAtRunTimeQuotesTheValue() {
		BrokenRequest request = BrokenRequest.newBuilder().setPatientId(SECRET).build();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.validator.validate(request))
			.withMessageContaining(SECRET);
	}

	@Test
	void inspectWhenRuleFailsAtRunTimeFailsClosedWithoutTheValue(CapturedOutput output) {
		Status status = statusOf(() -> stub().inspect(BrokenRequest.newBuilder().setPatientId(SECRET).build()));
		assertThat(status.getCode()).isNotIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT);
		assertThat(String.valueOf(status.getDescription())).doesNotContain(SECRET);
		assertThat(this.service.received()).isEmpty();
		String expected = "Could not validate request message of type 'hipaagrpc.test.v1.BrokenRequest': "
				+ "'ExecutionException'";
		assertThat(this.handled).isNotEmpty()
			.allSatisfy(
					(ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class).hasNoCause().hasMessage(expected));
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void auditWhenRuleDoesNotCompileFailsClosedNamingTheRule(CapturedOutput output) {
		Status status = statusOf(() -> stub().audit(UncompilableRequest.newBuilder().setPatientId(SECRET).build()));
		assertThat(status.getCode()).isNotIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT);
		assertThat(this.service.received()).isEmpty();
		String expected = "Could not validate request message of type 'hipaagrpc.test.v1.UncompilableRequest': ";
		assertThat(this.handled).isNotEmpty()
			.allSatisfy((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasNoCause()
				.hasMessageStartingWith(expected)
				.hasMessageContaining("no_such_field"));
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void getOrderIsBetweenAuthenticationAndAuthorizationGate() {
		assertThat(new RequestValidationInterceptor(this.validator).getOrder())
			.isEqualTo(HipaaGrpcInterceptorOrder.VALIDATION)
			.isGreaterThan(HipaaGrpcInterceptorOrder.AUTHENTICATION)
			.isLessThan(HipaaGrpcInterceptorOrder.AUTHORIZATION);
	}

	private String outcome(String patientId) {
		try {
			return stub().read(patient(patientId)).getPatientId();
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus().getCode().name();
		}
	}

	private @Nullable StatusException record(Throwable exception) {
		this.handled.add(exception);
		return null;
	}

	private ValidatedRecordsBlockingStub stub() {
		return ValidatedRecordsGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private static PatientRequest patient(String patientId) {
		return PatientRequest.newBuilder().setPatientId(patientId).build();
	}

	private static Observation observation(String code, long valueMilli) {
		return Observation.newBuilder().setCode(code).setValueMilli(valueMilli).build();
	}

	private static Status statusOf(ThrowingCallable call) {
		Throwable thrown = catchThrowable(call);
		assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
		return Status.fromThrowable(thrown);
	}

	/**
	 * Response observer that records replies and the final status of a call.
	 */
	private static final class Recorder implements StreamObserver<PatientReply> {

		private final List<PatientReply> replies = new CopyOnWriteArrayList<>();

		private final CompletableFuture<Status> status = new CompletableFuture<>();

		@Override
		public void onNext(PatientReply value) {
			this.replies.add(value);
		}

		@Override
		public void onError(Throwable ex) {
			this.status.complete(Status.fromThrowable(ex));
		}

		@Override
		public void onCompleted() {
			this.status.complete(Status.OK);
		}

		Status awaitStatus() throws Exception {
			return this.status.get(10, TimeUnit.SECONDS);
		}

	}

}
