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

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.Future;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Server TLS negotiation that bounds every handshake in time and reports its outcome.
 * gRPC's own server TLS handler builds the {@link SslHandler} itself and offers no public
 * hook for the handshake's result, so this wraps gRPC's internal negotiator: the observer
 * takes the TLS handler's place in the pipeline and then watches the {@link SslHandler}
 * that the TLS handler installs in front of itself.
 */
final class ObservedServerTls implements InternalProtocolNegotiator.ProtocolNegotiator {

	private static final Log logger = LogFactory.getLog(ObservedServerTls.class);

	private final InternalProtocolNegotiator.ProtocolNegotiator tls;

	private final long handshakeTimeoutMillis;

	private final HipaaGrpcTlsHandshakeListener listener;

	ObservedServerTls(SslContext sslContext, long handshakeTimeoutMillis, HipaaGrpcTlsHandshakeListener listener) {
		this.tls = InternalProtocolNegotiators.serverTls(sslContext);
		this.handshakeTimeoutMillis = handshakeTimeoutMillis;
		this.listener = listener;
	}

	@Override
	public AsciiString scheme() {
		return this.tls.scheme();
	}

	@Override
	public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
		return new HandshakeObserver(this.tls.newHandler(grpcHandler));
	}

	@Override
	public void close() {
		this.tls.close();
	}

	private void observe(SslHandler sslHandler) {
		sslHandler.setHandshakeTimeoutMillis(this.handshakeTimeoutMillis);
		sslHandler.handshakeFuture().addListener((future) -> handshakeDone(sslHandler, future));
	}

	private void handshakeDone(SslHandler sslHandler, Future<?> future) {
		if (future.isSuccess()) {
			this.listener.handshakeCompleted(sslHandler.engine().getSession());
			return;
		}
		HipaaGrpcTlsHandshakeFailure failure = HipaaGrpcTlsHandshakeFailure.of(future.cause());
		logger.debug(LogMessage.format("TLS handshake failed: '%s'", failure.tagValue()));
		this.listener.handshakeFailed(failure);
	}

	/**
	 * Installs gRPC's TLS handler behind itself and watches the handshake it starts.
	 */
	private final class HandshakeObserver extends ChannelInboundHandlerAdapter {

		private final ChannelHandler tlsHandler;

		HandshakeObserver(ChannelHandler tlsHandler) {
			this.tlsHandler = tlsHandler;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext context) {
			context.pipeline().addAfter(context.name(), null, this.tlsHandler);
		}

		@Override
		public void channelRegistered(ChannelHandlerContext context) {
			SslHandler sslHandler = context.pipeline().get(SslHandler.class);
			if (sslHandler == null) {
				throw new IllegalStateException("gRPC's server TLS handler installed no SslHandler");
			}
			observe(sslHandler);
			context.pipeline().remove(this);
			context.fireChannelRegistered();
		}

	}

}
