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

package io.github.hipaagrpc.tls;

import javax.net.ssl.SSLSession;

/**
 * Callback for the outcome of every TLS handshake on the gRPC listener. Implementations
 * run on a network thread and must return quickly.
 *
 * @since 0.1.0
 */
public interface HipaaGrpcTlsHandshakeListener {

	/**
	 * Called when a handshake completes.
	 * @param session the negotiated session
	 */
	default void handshakeCompleted(SSLSession session) {
	}

	/**
	 * Called when a handshake fails.
	 * @param failure why the handshake failed
	 */
	default void handshakeFailed(HipaaGrpcTlsHandshakeFailure failure) {
	}

}
