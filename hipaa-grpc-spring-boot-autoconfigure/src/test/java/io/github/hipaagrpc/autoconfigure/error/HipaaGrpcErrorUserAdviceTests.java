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

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.advice.GrpcAdvice;
import org.springframework.grpc.server.advice.GrpcExceptionHandler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that the application's own exception handlers extend the advice without changing
 * the codes of security failures.
 */
@SpringBootTest(classes = HipaaGrpcErrorUserAdviceTests.UserAdviceConfiguration.class,
		webEnvironment = WebEnvironment.NONE)
class HipaaGrpcErrorUserAdviceTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	@Value("${local.grpc.server.port}")
	private int port;

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

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "authentication, UNAUTHENTICATED, Authentication failed", "access, PERMISSION_DENIED, Access denied",
			"illegal-argument, INVALID_ARGUMENT, Invalid request", "not-found, OUT_OF_RANGE, Out of range",
			"internal, DATA_LOSS, Internal error; try again later (id: " })
	void unaryWhenUserHandlersMapExceptionsKeepsSecurityCodes(String kind, Status.Code code, String description) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> TestRecordsGrpc.newBlockingStub(this.channel)
				.withCallCredentials(SecuredChannels.bearer(support.minter().token("alice", "PROVIDER")))
				.withDeadlineAfter(Duration.ofSeconds(30))
				.read(RecordRequest.newBuilder().setId(kind).build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(code);
				assertThat(ex.getStatus().getDescription()).startsWith(description);
				assertThat(String.valueOf(ex.getStatus().getDescription()))
					.doesNotContain(FailingRecordsService.SECRET);
			});
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UserAdviceConfiguration {

		@Bean
		FailingRecordsService failingRecordsService() {
			return new FailingRecordsService();
		}

		@Bean
		org.springframework.grpc.server.exception.GrpcExceptionHandler illegalArgumentHandler() {
			return (exception) -> (exception instanceof IllegalArgumentException)
					? Status.INVALID_ARGUMENT.withDescription("Rejected " + exception.getMessage()).asException()
					: null;
		}

		@Bean
		CatchAllAdvice catchAllAdvice() {
			return new CatchAllAdvice();
		}

	}

	/**
	 * Advice of the application that maps every runtime exception, including those it
	 * should never see.
	 */
	@GrpcAdvice
	public static class CatchAllAdvice {

		@GrpcExceptionHandler(RuntimeException.class)
		public StatusException handle(RuntimeException ex) {
			Status.Code code = (ex instanceof java.util.NoSuchElementException) ? Status.Code.OUT_OF_RANGE
					: Status.Code.DATA_LOSS;
			return Status.fromCode(code).withDescription("Mapped " + ex.getMessage()).asException();
		}

	}

}
