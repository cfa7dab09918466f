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

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.util.Assert;

/**
 * Registers the development server certificate as the SSL bundle the gRPC server names.
 *
 * @since 0.1.0
 */
public class DevPkiSslBundleRegistrar implements SslBundleRegistrar {

	private final String bundleName;

	private final DevPki pki;

	/**
	 * Create a new registrar.
	 * @param bundleName the name to register the bundle under
	 * @param pki the development PKI
	 */
	public DevPkiSslBundleRegistrar(String bundleName, DevPki pki) {
		Assert.hasText(bundleName, "'bundleName' must not be empty");
		Assert.notNull(pki, "'pki' must not be null");
		this.bundleName = bundleName;
		this.pki = pki;
	}

	@Override
	public void registerBundles(SslBundleRegistry registry) {
		registry.registerBundle(this.bundleName, this.pki.serverBundle());
	}

}
