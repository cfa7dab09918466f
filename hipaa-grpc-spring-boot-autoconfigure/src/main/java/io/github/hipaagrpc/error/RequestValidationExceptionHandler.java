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

import io.grpc.Status;
import io.grpc.StatusException;
import org.jspecify.annotations.Nullable;

import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * {@link GrpcExceptionHandler} that answers a {@link RequestValidationException} with
 * {@code INVALID_ARGUMENT}, naming the offending field paths and nothing else. Other
 * exceptions are left to other handlers.
 *
 * @since 0.1.0
 */
public class RequestValidationExceptionHandler implements GrpcExceptionHandler {

	@Override
	public @Nullable StatusException handleException(Throwable exception) {
		if (!(exception instanceof RequestValidationException ex)) {
			return null;
		}
		String description = "Invalid request: " + String.join(", ", ex.getFieldPaths());
		return Status.INVALID_ARGUMENT.withDescription(description).asException();
	}

}
