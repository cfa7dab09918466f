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

import java.util.List;

import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestValidationExceptionHandler}.
 */
class RequestValidationExceptionHandlerTests {

	private final RequestValidationExceptionHandler handler = new RequestValidationExceptionHandler();

	@Test
	void handleExceptionWhenRequestValidationExceptionIsInvalidArgumentNamingPaths() {
		StatusException handled = this.handler
			.handleException(new RequestValidationException(List.of("patient_id", "notes[*]")));
		assertThat(handled).isNotNull().extracting(StatusException::getStatus).satisfies((status) -> {
			assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(status.getDescription()).isEqualTo("Invalid request: patient_id, notes[*]");
			assertThat(status.getCause()).isNull();
		});
	}

	@Test
	void handleExceptionWhenOtherExceptionReturnsNull() {
		assertThat(this.handler.handleException(new IllegalStateException("other"))).isNull();
		assertThat(this.handler.handleException(new IllegalArgumentException("patient_id"))).isNull();
	}

}
