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

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for errors and correlation ids of gRPC calls.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.error")
public class HipaaGrpcErrorProperties {

	private final Correlation correlation = new Correlation();

	public Correlation getCorrelation() {
		return this.correlation;
	}

	/**
	 * Correlation id settings.
	 */
	public static class Correlation {

		/**
		 * Whether a well-formed x-correlation-id sent by the client is kept. Turn off
		 * when clients are not trusted to choose identifiers that appear in logs.
		 */
		private boolean trustIncoming = true;

		public boolean isTrustIncoming() {
			return this.trustIncoming;
		}

		public void setTrustIncoming(boolean trustIncoming) {
			this.trustIncoming = trustIncoming;
		}

	}

}
