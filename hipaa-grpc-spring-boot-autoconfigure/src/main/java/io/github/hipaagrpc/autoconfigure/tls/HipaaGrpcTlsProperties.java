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

package io.github.hipaagrpc.autoconfigure.tls;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.hipaagrpc.tls.HipaaGrpcTlsPolicy;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProvider;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Transport security settings of the gRPC listener that Spring Boot's own
 * {@code spring.grpc.server.*} properties lack.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.tls")
public class HipaaGrpcTlsProperties {

	/**
	 * Comma-separated list of TLS protocol versions the gRPC listener accepts, always
	 * including TLSv1.3. Add TLSv1.2 only for clients that cannot speak TLSv1.3.
	 */
	private List<String> protocols = new ArrayList<>(List.of(HipaaGrpcTlsPolicy.TLS_1_3));

	/**
	 * Comma-separated list of cipher suites allowed in TLS 1.2 handshakes, each with
	 * ECDHE key exchange and AES-GCM or ChaCha20-Poly1305 encryption. Used only when the
	 * protocols include TLSv1.2.
	 */
	private List<String> ciphers = new ArrayList<>(HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS);

	/**
	 * TLS implementation of the gRPC listener: BoringSSL when it loads, the JDK's TLS
	 * otherwise, or one of the two explicitly.
	 */
	private HipaaGrpcTlsProvider provider = HipaaGrpcTlsProvider.AUTO;

	/**
	 * Time a client has to complete its TLS handshake before the connection is closed.
	 */
	private Duration handshakeTimeout = Duration.ofSeconds(10);

	/**
	 * Maximum number of calls one connection may have open at once.
	 */
	private int maxConcurrentStreams = 100;

	private final StreamResets streamResets = new StreamResets();

	private final Probe probe = new Probe();

	public List<String> getProtocols() {
		return this.protocols;
	}

	public void setProtocols(List<String> protocols) {
		this.protocols = protocols;
	}

	public List<String> getCiphers() {
		return this.ciphers;
	}

	public void setCiphers(List<String> ciphers) {
		this.ciphers = ciphers;
	}

	public HipaaGrpcTlsProvider getProvider() {
		return this.provider;
	}

	public void setProvider(HipaaGrpcTlsProvider provider) {
		this.provider = provider;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	public int getMaxConcurrentStreams() {
		return this.maxConcurrentStreams;
	}

	public void setMaxConcurrentStreams(int maxConcurrentStreams) {
		this.maxConcurrentStreams = maxConcurrentStreams;
	}

	public StreamResets getStreamResets() {
		return this.streamResets;
	}

	public Probe getProbe() {
		return this.probe;
	}

	/**
	 * Protection against clients that open and reset streams faster than they can be
	 * served.
	 */
	public static class StreamResets {

		/**
		 * Maximum number of streams a client may reset within one window before its
		 * connection is closed.
		 */
		private int maxCount = 200;

		/**
		 * Window over which stream resets are counted. If a duration suffix is not
		 * specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration window = Duration.ofSeconds(30);

		public int getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(int maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Plaintext listener that serves only the gRPC health service, for probes that cannot
	 * speak TLS.
	 */
	public static class Probe {

		/**
		 * Address the probe listener binds to. Probes from outside the host need the
		 * pod's address or 0.0.0.0.
		 */
		private String address = "127.0.0.1";

		/**
		 * Port of the probe listener.
		 */
		private int port = 9091;

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

}
