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

package io.github.hipaagrpc.security;

/**
 * Exception thrown when the security configuration would leave gRPC methods open or
 * unchecked. It carries an action that tells the user how to fix it.
 *
 * @since 0.1.0
 */
public class HipaaGrpcSecurityConfigurationException extends IllegalStateException {

	private final String action;

	/**
	 * Create a new exception.
	 * @param message the description of the problem
	 * @param action the action that fixes it
	 */
	public HipaaGrpcSecurityConfigurationException(String message, String action) {
		super(message);
		this.action = action;
	}

	/**
	 * Return the action that fixes the problem.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
