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

import org.springframework.context.ApplicationEvent;

/**
 * Event published when the plaintext health probe listener has started, carrying the port
 * it is bound to.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsProbeStartedEvent extends ApplicationEvent {

	private final int port;

	/**
	 * Create a new event.
	 * @param source the probe listener that started
	 * @param port the port it is bound to
	 */
	public HipaaGrpcTlsProbeStartedEvent(HipaaGrpcTlsProbeServer source, int port) {
		super(source);
		this.port = port;
	}

	@Override
	public HipaaGrpcTlsProbeServer getSource() {
		return (HipaaGrpcTlsProbeServer) super.getSource();
	}

	/**
	 * Return the port the probe listener is bound to.
	 * @return the bound port
	 */
	public int getPort() {
		return this.port;
	}

}
