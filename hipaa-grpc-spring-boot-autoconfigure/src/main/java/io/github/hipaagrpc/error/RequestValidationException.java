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

import org.springframework.util.Assert;

/**
 * Exception thrown when a request message violates the constraints declared for it. It
 * names the paths of the offending fields, never their values, and is answered with
 * {@code INVALID_ARGUMENT}.
 *
 * @since 0.1.0
 */
public class RequestValidationException extends RuntimeException {

	private final List<String> fieldPaths;

	/**
	 * Create a new exception.
	 * @param fieldPaths the paths of the fields that violate a constraint, such as
	 * {@code patient_id} or {@code claims[2].amount_cents}
	 */
	public RequestValidationException(List<String> fieldPaths) {
		super("Request violates constraints on fields " + fieldPaths);
		Assert.notEmpty(fieldPaths, "'fieldPaths' must not be empty");
		this.fieldPaths = List.copyOf(fieldPaths);
	}

	/**
	 * Return the paths of the fields that violate a constraint.
	 * @return the field paths
	 */
	public List<String> getFieldPaths() {
		return this.fieldPaths;
	}

}
