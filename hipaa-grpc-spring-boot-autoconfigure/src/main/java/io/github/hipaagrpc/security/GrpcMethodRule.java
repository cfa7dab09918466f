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

import io.grpc.MethodDescriptor.MethodType;

/**
 * Access rule found for one served gRPC method.
 *
 * @param fullMethodName the full gRPC method name, such as {@code pkg.Service/Method}
 * @param type the kind of call
 * @param rule a readable description of the rule, such as the {@code @PreAuthorize}
 * expression
 * @param access how the method is reached
 * @since 0.1.0
 */
public record GrpcMethodRule(String fullMethodName, MethodType type, String rule, Access access) {

	/**
	 * Return whether calls to the method are denied because it has no rule.
	 * @return whether the method is unguarded
	 */
	public boolean isUnguarded() {
		return this.access == Access.DENIED_UNGUARDED;
	}

	/**
	 * How a method is reached.
	 */
	public enum Access {

		/**
		 * Open without a token, for health probes only.
		 */
		OPEN,

		/**
		 * Any authenticated caller.
		 */
		AUTHENTICATED,

		/**
		 * Authenticated callers that pass the method's own security annotation.
		 */
		ANNOTATED,

		/**
		 * Denied to everyone because the method has no rule.
		 */
		DENIED_UNGUARDED

	}

}
