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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.netty.NettyServerBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.util.unit.DataSize;

/**
 * Customizations of the gRPC listener's server builder, in order: Spring Boot's
 * registries, executor and {@code spring.grpc.server.*} settings as Boot's own factory
 * applies them, then the starter's stream limits, then the application's
 * {@link ServerBuilderCustomizer} beans. Boot keeps its own holder of these
 * customizations package-private, so the mapping of its properties is repeated here.
 */
class ServerBuilderCustomizers {

	private final GrpcServerProperties serverProperties;

	private final HipaaGrpcTlsProperties tlsProperties;

	private final List<ServerBuilderCustomizer<?>> customizers = new ArrayList<>();

	ServerBuilderCustomizers(GrpcServerProperties serverProperties, HipaaGrpcTlsProperties tlsProperties,
			ObjectProvider<CompressorRegistry> compressorRegistry,
			ObjectProvider<DecompressorRegistry> decompressorRegistry,
			ObjectProvider<GrpcServerExecutorProvider> executorProvider,
			ObjectProvider<ServerBuilderCustomizer<?>> customizers) {
		this.serverProperties = serverProperties;
		this.tlsProperties = tlsProperties;
		compressorRegistry.ifAvailable((registry) -> add((builder) -> builder.compressorRegistry(registry)));
		decompressorRegistry.ifAvailable((registry) -> add((builder) -> builder.decompressorRegistry(registry)));
		executorProvider.ifAvailable((provider) -> add((builder) -> builder.executor(provider.getExecutor())));
		add(this::mapServerProperties);
		add(this::mapStreamLimits);
		customizers.orderedStream().forEach(this.customizers::add);
	}

	private void add(ServerBuilderCustomizer<NettyServerBuilder> customizer) {
		this.customizers.add(customizer);
	}

	List<ServerBuilderCustomizer<NettyServerBuilder>> forFactory() {
		return List.of(this::apply);
	}

	@SuppressWarnings("unchecked")
	private void apply(NettyServerBuilder builder) {
		LambdaSafe.callbacks(ServerBuilderCustomizer.class, this.customizers, builder)
			.withLogger(ServerBuilderCustomizers.class)
			.invoke((customizer) -> customizer.customize(builder));
	}

	private void mapServerProperties(NettyServerBuilder builder) {
		PropertyMapper map = PropertyMapper.get();
		GrpcServerProperties.Inbound inbound = this.serverProperties.getInbound();
		map.from(inbound.getMessage()::getMaxSize)
			.as(DataSize::toBytes)
			.as(Math::toIntExact)
			.to(builder::maxInboundMessageSize);
		map.from(inbound.getMetadata()::getMaxSize)
			.as(DataSize::toBytes)
			.as(Math::toIntExact)
			.to(builder::maxInboundMetadataSize);
		GrpcServerProperties.Keepalive keepalive = this.serverProperties.getKeepalive();
		map.from(keepalive::getTime).to(duration(builder::keepAliveTime));
		map.from(keepalive::getTimeout).to(duration(builder::keepAliveTimeout));
		map.from(keepalive.getConnection()::getMaxIdleTime).to(duration(builder::maxConnectionIdle));
		map.from(keepalive.getConnection()::getMaxAge).to(duration(builder::maxConnectionAge));
		map.from(keepalive.getConnection()::getGracePeriod).to(duration(builder::maxConnectionAgeGrace));
		map.from(keepalive.getPermit()::getTime).to(duration(builder::permitKeepAliveTime));
		map.from(keepalive.getPermit()::isWithoutCalls).to(builder::permitKeepAliveWithoutCalls);
	}

	private void mapStreamLimits(NettyServerBuilder builder) {
		HipaaGrpcTlsProperties.StreamResets resets = this.tlsProperties.getStreamResets();
		builder.maxConcurrentCallsPerConnection(this.tlsProperties.getMaxConcurrentStreams());
		builder.maxRstFramesPerWindow(resets.getMaxCount(), Math.toIntExact(resets.getWindow().toSeconds()));
	}

	private static Consumer<Duration> duration(BiConsumer<Long, TimeUnit> setter) {
		return (duration) -> setter.accept(duration.toNanos(), TimeUnit.NANOSECONDS);
	}

}
