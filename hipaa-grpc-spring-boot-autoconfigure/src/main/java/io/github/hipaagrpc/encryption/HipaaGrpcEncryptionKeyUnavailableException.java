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

package io.github.hipaagrpc.encryption;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an operation needs the master key (a new data key, or the unwrapping of one
 * that is not cached) and the key provider cannot be reached. Nothing was stored.
 * Retrying later may succeed.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionKeyUnavailableException extends HipaaGrpcEncryptionException {

	/**
	 * Create a new exception.
	 * @param message the message, without values or keys
	 * @param cause the cause, if any
	 */
	public HipaaGrpcEncryptionKeyUnavailableException(String message, @Nullable Throwable cause) {
		super(Reason.KEY_UNAVAILABLE, message, cause);
	}

}
