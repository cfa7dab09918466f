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

import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionException;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionKeyUnavailableException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcExceptionHandler}.
 */
class HipaaGrpcExceptionHandlerTests {

	private final HipaaGrpcExceptionHandler handler = new HipaaGrpcExceptionHandler(List.of());

	@Test
	void handleExceptionWhenStoredValueFailsToDecryptIsInternalWithSafeDescription() {
		StatusException status = this.handler.handleException(new IllegalStateException("wrapped",
				new HipaaGrpcEncryptionException(HipaaGrpcEncryptionException.Reason.TAMPERED, "Tampered")));
		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getStatus().getDescription()).isEqualTo("Stored data could not be protected or read");
		Metadata trailers = status.getTrailers();
		assertThat((trailers != null) ? trailers.get(ClientSafeStatus.MARKER) : null).isEqualTo("true");
	}

	@Test
	void handleExceptionWhenEncryptionKeysAreUnavailableIsUnavailable() {
		StatusException status = this.handler
			.handleException(new HipaaGrpcEncryptionKeyUnavailableException("Vault is sealed", null));
		assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getStatus().getDescription()).isEqualTo("Encryption keys are unavailable, retry later");
	}

}
