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

package io.github.hipaagrpc.sample.dev;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the development CA of the dev profile.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("sample.dev-pki")
public class DevPkiProperties {

	/**
	 * Directory the development CA certificate (ca.pem) is written to, relative to the
	 * working directory unless absolute.
	 */
	private Path directory = Path.of("target", "dev-pki");

	/**
	 * Lifetime of each server certificate the development CA issues. The starter renews
	 * the certificate after two thirds of it by default.
	 */
	private Duration certificateLifetime = Duration.ofHours(1);

	public Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public Duration getCertificateLifetime() {
		return this.certificateLifetime;
	}

	public void setCertificateLifetime(Duration certificateLifetime) {
		this.certificateLifetime = certificateLifetime;
	}

}
