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

package io.github.hipaagrpc.sample.scenario;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Configuration properties for the scripted scenario.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("sample.scenario")
public class ScenarioProperties {

	/**
	 * Whether to run the scenario once the authorization server and the gRPC server are
	 * up.
	 */
	private boolean enabled;

	/**
	 * Whether to stop the application after the scenario, with a non-zero exit code if
	 * any call did not behave as expected.
	 */
	private boolean exit;

	/**
	 * Host name the scenario's gRPC client connects to. Must match the server
	 * certificate.
	 */
	private String host = "localhost";

	/**
	 * PEM file or URL with the certificate authorities the scenario's client trusts, read
	 * when the scenario runs. Must hold the one that issued the server certificate.
	 */
	private @Nullable Resource trustedCa;

	/**
	 * Token endpoint of the authorization server.
	 */
	private @Nullable URI tokenUri;

	/**
	 * Client secret shared by the dev clients.
	 */
	private @Nullable String clientSecret;

	/**
	 * Deadline of each call.
	 */
	private Duration callTimeout = Duration.ofSeconds(10);

	/**
	 * Longest wait, after the short-lived token's expiry, for the server to refuse it.
	 * Covers the clock skew the server tolerates.
	 */
	private Duration expiryTimeout = Duration.ofSeconds(45);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isExit() {
		return this.exit;
	}

	public void setExit(boolean exit) {
		this.exit = exit;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public @Nullable Resource getTrustedCa() {
		return this.trustedCa;
	}

	public void setTrustedCa(@Nullable Resource trustedCa) {
		this.trustedCa = trustedCa;
	}

	public @Nullable URI getTokenUri() {
		return this.tokenUri;
	}

	public void setTokenUri(@Nullable URI tokenUri) {
		this.tokenUri = tokenUri;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public Duration getCallTimeout() {
		return this.callTimeout;
	}

	public void setCallTimeout(Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	public Duration getExpiryTimeout() {
		return this.expiryTimeout;
	}

	public void setExpiryTimeout(Duration expiryTimeout) {
		this.expiryTimeout = expiryTimeout;
	}

}
