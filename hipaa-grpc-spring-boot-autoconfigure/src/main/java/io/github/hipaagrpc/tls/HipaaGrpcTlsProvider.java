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

import java.util.function.BooleanSupplier;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

import org.springframework.util.Assert;

/**
 * TLS implementation behind the gRPC listener.
 *
 * @since 0.1.0
 */
public enum HipaaGrpcTlsProvider {

	/**
	 * BoringSSL through netty-tcnative when it loads, the JDK's TLS otherwise.
	 */
	AUTO,

	/**
	 * BoringSSL through netty-tcnative; startup fails when it does not load.
	 */
	OPENSSL,

	/**
	 * The JDK's TLS, even when BoringSSL is available.
	 */
	JDK;

	/**
	 * Return the Netty provider to use on this machine.
	 * @return the provider
	 * @throws IllegalStateException if BoringSSL is required but does not load
	 */
	public SslProvider resolve() {
		return resolve(OpenSsl::isAvailable);
	}

	/**
	 * Return the Netty provider to use, given whether BoringSSL loads.
	 * @param openSslAvailable whether BoringSSL (netty-tcnative) loads, asked only when
	 * the choice depends on it
	 * @return the provider
	 * @throws IllegalStateException if BoringSSL is required but does not load
	 */
	public SslProvider resolve(BooleanSupplier openSslAvailable) {
		Assert.notNull(openSslAvailable, "'openSslAvailable' must not be null");
		return switch (this) {
			case JDK -> SslProvider.JDK;
			case OPENSSL -> {
				if (!openSslAvailable.getAsBoolean()) {
					throw new IllegalStateException("BoringSSL (netty-tcnative) is required but does not load",
							OpenSsl.unavailabilityCause());
				}
				yield SslProvider.OPENSSL;
			}
			case AUTO -> openSslAvailable.getAsBoolean() ? SslProvider.OPENSSL : SslProvider.JDK;
		};
	}

}
