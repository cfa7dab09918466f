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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Plaintext listener that serves only the gRPC health service
 * ({@code grpc.health.v1.Health}), for probes that cannot speak TLS, such as the gRPC
 * probes built into Kubernetes. Every other method answers {@code UNIMPLEMENTED}, and no
 * interceptor runs. It reports the statuses of the given {@link HealthStatusManager}, so
 * it answers as the TLS listener does when both share Spring Boot's manager.
 * <p>
 * It runs in the {@link SmartLifecycle#DEFAULT_PHASE default phase}, the phase of
 * spring-grpc's server lifecycle; declare the TLS listener's lifecycle as a dependency of
 * this bean so that the probe starts after it and stops before it. Once listening, it
 * publishes a {@link HipaaGrpcTlsProbeStartedEvent} with the bound port.
 *
 * @since 0.1.0
 */
public class HipaaGrpcTlsProbeServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HipaaGrpcTlsProbeServer.class);

	// A health check request holds at most a service name.
	private static final int MAX_INBOUND_MESSAGE_SIZE = 1024;

	private static final int MAX_INBOUND_METADATA_SIZE = 4096;

	private static final int MAX_CONCURRENT_CALLS_PER_CONNECTION = 4;

	private static final long MAX_CONNECTION_IDLE_SECONDS = 60;

	private static final long TERMINATION_TIMEOUT_SECONDS = 5;

	private final InetSocketAddress address;

	private final HealthStatusManager healthStatusManager;

	private final ApplicationEventPublisher eventPublisher;

	private volatile @Nullable Server server;

	/**
	 * Create a probe listener.
	 * @param address the address and port to listen on, port {@code 0} for any free port
	 * @param healthStatusManager the manager whose statuses the health service reports
	 * @param eventPublisher the publisher of the started event
	 */
	public HipaaGrpcTlsProbeServer(InetSocketAddress address, HealthStatusManager healthStatusManager,
			ApplicationEventPublisher eventPublisher) {
		Assert.notNull(address, "'address' must not be null");
		Assert.notNull(healthStatusManager, "'healthStatusManager' must not be null");
		Assert.notNull(eventPublisher, "'eventPublisher' must not be null");
		this.address = address;
		this.healthStatusManager = healthStatusManager;
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void start() {
		if (this.server != null) {
			return;
		}
		Server server = createServer();
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"gRPC health probe listener could not listen on '%s'".formatted(this.address), ex);
		}
		this.server = server;
		logger.info(LogMessage.format("gRPC health probe listening without TLS on '%s' port '%d'",
				this.address.getHostString(), server.getPort()));
		this.eventPublisher.publishEvent(new HipaaGrpcTlsProbeStartedEvent(this, server.getPort()));
	}

	private Server createServer() {
		return NettyServerBuilder.forAddress(this.address, InsecureServerCredentials.create())
			.addService(this.healthStatusManager.getHealthService())
			.directExecutor()
			.maxInboundMessageSize(MAX_INBOUND_MESSAGE_SIZE)
			.maxInboundMetadataSize(MAX_INBOUND_METADATA_SIZE)
			.maxConcurrentCallsPerConnection(MAX_CONCURRENT_CALLS_PER_CONNECTION)
			.maxConnectionIdle(MAX_CONNECTION_IDLE_SECONDS, TimeUnit.SECONDS)
			.build();
	}

	@Override
	public void stop() {
		Server server = this.server;
		if (server == null) {
			return;
		}
		this.server = null;
		server.shutdownNow();
		try {
			server.awaitTermination(TERMINATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		logger.debug("gRPC health probe listener stopped");
	}

	@Override
	public boolean isRunning() {
		Server server = this.server;
		return server != null && !server.isShutdown();
	}

	/**
	 * Return the port the listener is bound to.
	 * @return the bound port, or {@code -1} when the listener is not running
	 */
	public int getPort() {
		Server server = this.server;
		return (server != null) ? server.getPort() : -1;
	}

}
