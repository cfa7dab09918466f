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

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import io.github.hipaagrpc.error.RequestValidationInterceptor;
import io.github.hipaagrpc.testservice.PatientReply;
import io.github.hipaagrpc.testservice.PatientRequest;
import io.github.hipaagrpc.testservice.ValidatedRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestValidationConfiguration}.
 */
class RequestValidationConfigurationTests {

	private static final String SECRET = "Zebulon-Quartermaine-7731";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				HipaaGrpcErrorAutoConfiguration.class))
		.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.inprocess.name=hipaa-grpc-error-tests")
		.withBean(ReadService.class);

	@Test
	void validationWhenGrpcServerIsConfiguredRegistersValidatorInterceptorAndHandler() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(Validator.class);
			assertThat(context).hasSingleBean(RequestValidationInterceptor.class);
		});
	}

	@Test
	void validationWhenDisabledBacksOff() {
		this.contextRunner.withPropertyValues("hipaa.grpc.error.validation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Validator.class);
			assertThat(context).doesNotHaveBean(RequestValidationInterceptor.class);
		});
	}

	@Test
	void validationWhenProtovalidateIsMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("build.buf.protovalidate."))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RequestValidationInterceptor.class));
	}

	@Test
	void validatorWhenUserDefinedWins() {
		Validator validator = (message) -> ValidationResult.EMPTY;
		this.contextRunner.withBean("userValidator", Validator.class, () -> validator).run((context) -> {
			assertThat(context).getBean(Validator.class).isSameAs(validator);
			assertThat(context).hasSingleBean(RequestValidationInterceptor.class);
		});
	}

	@Test
	void readWhenRequestIsInvalidIsInvalidArgumentFromBootServer() {
		this.contextRunner.run((context) -> {
			ManagedChannel channel = InProcessChannelBuilder.forName("hipaa-grpc-error-tests").build();
			try {
				ValidatedRecordsGrpc.ValidatedRecordsBlockingStub stub = ValidatedRecordsGrpc.newBlockingStub(channel);
				assertThat(stub.read(request("TEST-PT-0042")).getPatientId()).isEqualTo("TEST-PT-0042");
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.read(request(SECRET)))
					.satisfies((ex) -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
						assertThat(ex.getStatus().getDescription()).isEqualTo("Invalid request: patient_id");
					});
			}
			finally {
				channel.shutdownNow();
			}
		});
	}

	@Test
	void readWhenDisabledPassesInvalidRequestToService() {
		this.contextRunner.withPropertyValues("hipaa.grpc.error.validation.enabled=false").run((context) -> {
			ManagedChannel channel = InProcessChannelBuilder.forName("hipaa-grpc-error-tests").build();
			try {
				PatientReply reply = ValidatedRecordsGrpc.newBlockingStub(channel).read(request("not-an-id"));
				assertThat(reply.getPatientId()).isEqualTo("not-an-id");
			}
			finally {
				channel.shutdownNow();
			}
		});
	}

	private static PatientRequest request(String patientId) {
		return PatientRequest.newBuilder().setPatientId(patientId).build();
	}

	/**
	 * Service that answers reads with the requested patient id.
	 */
	static class ReadService extends ValidatedRecordsGrpc.ValidatedRecordsImplBase {

		@Override
		public void read(PatientRequest request, StreamObserver<PatientReply> responseObserver) {
			responseObserver.onNext(PatientReply.newBuilder().setPatientId(request.getPatientId()).build());
			responseObserver.onCompleted();
		}

	}

}
