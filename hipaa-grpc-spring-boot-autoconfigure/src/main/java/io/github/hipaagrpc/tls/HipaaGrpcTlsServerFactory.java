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

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.grpc.server.NettyGrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.util.Assert;

/**
 * Netty gRPC server factory whose listener uses the starter's TLS context rather than
 * credentials built from an SSL bundle alone, or, in mesh mode, serves plaintext on a
 * loopback address to a service mesh sidecar that terminates TLS in front of it.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsServerFactory extends NettyGrpcServerFactory {

	private final @Nullable HipaaGrpcTlsServerContext context;

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

	private HipaaGrpcTlsServerFactory(String address,
			List<ServerBuilderCustomizer<NettyServerBuilder>> serverBuilderCustomizers) {
		super(address, serverBuilderCustomizers, null, null, null);
		this.context = null;
	}

	/**
	 * Create a factory for a plaintext listener on a loopback address, for a service mesh
	 * whose sidecar proxy terminates TLS in front of the application and is the only peer
	 * that can reach that address from outside the host.
	 * @param address the loopback address to listen on
	 * @param port the port to listen on, {@code 0} for any free port
	 * @param serverBuilderCustomizers the customizers applied to every server builder
	 * @return the factory
	 */
	public static HipaaGrpcTlsServerFactory loopbackPlaintext(InetAddress address, int port,
			List<ServerBuilderCustomizer<NettyServerBuilder>> serverBuilderCustomizers) {
		Assert.notNull(address, "'address' must not be null");
		Assert.isTrue(address.isLoopbackAddress(), "'address' must be a loopback address");
		return new HipaaGrpcTlsServerFactory(tcpAddress(address, port), serverBuilderCustomizers);
	}

	private static String tcpAddress(InetAddress address, int port) {
		String host = address.getHostAddress();
		return ((address instanceof Inet6Address) ? "[" + host + "]" : host) + ":" + port;
	}

	/**
	 * Return the TLS context of the listener.
	 * @return the context, or {@code null} when the listener serves plaintext behind a
	 * service mesh sidecar
	 */
	public @Nullable HipaaGrpcTlsServerContext context() {
		return this.context;
	}

	@Override
	protected ServerCredentials credentials() {
		return (this.context != null) ? this.context.serverCredentials() : InsecureServerCredentials.create();
	}

}
