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

import java.util.List;

import io.grpc.ServerCredentials;
import io.grpc.netty.NettyServerBuilder;

import org.springframework.grpc.server.NettyGrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.util.Assert;

/**
 * Netty gRPC server factory whose listener uses the starter's TLS context rather than
 * credentials built from an SSL bundle alone.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsServerFactory extends NettyGrpcServerFactory {

	private final HipaaGrpcTlsServerContext context;

	/**
	 * Create a factory for a TCP listener.
	 * @param address the address to listen on, as {@code host:port}
	 * @param serverBuilderCustomizers the customizers applied to every server builder
	 * @param context the TLS context of the listener
	 */
	public HipaaGrpcTlsServerFactory(String address,
			List<ServerBuilderCustomizer<NettyServerBuilder>> serverBuilderCustomizers,
			HipaaGrpcTlsServerContext context) {
		super(address, serverBuilderCustomizers, null, null, null);
		Assert.isTrue(!address.startsWith("unix:"), "'address' must be a TCP address");
		Assert.notNull(context, "'context' must not be null");
		this.context = context;
	}

	/**
	 * Return the TLS context of the listener.
	 * @return the context
	 */
	public HipaaGrpcTlsServerContext context() {
		return this.context;
	}

	@Override
	protected ServerCredentials credentials() {
		return this.context.serverCredentials();
	}

}
