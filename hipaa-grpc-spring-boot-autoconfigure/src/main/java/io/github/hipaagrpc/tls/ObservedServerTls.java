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

import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InternalChannelz;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.internal.GrpcAttributes;
import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AsciiString;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Server TLS negotiation that bounds every handshake in time and reports its outcome. It
 * does what gRPC's own server TLS handler does, but creates the {@link SslHandler}
 * itself: Netty arms the handshake timer as soon as that handler joins the pipeline of a
 * connected channel, so the deadline must be set before, which gRPC's handler does not
 * allow. gRPC offers no public API for this: the {@code Internal…} types used here may
 * change between gRPC releases, which the TLS integration tests would show on both
 * providers.
 */
final class ObservedServerTls implements InternalProtocolNegotiator.ProtocolNegotiator {

	private static final Log logger = LogFactory.getLog(ObservedServerTls.class);

	private static final AsciiString SCHEME = AsciiString.of("https");

	private static final String NO_HTTP2 = "Failed protocol negotiation: Unable to find compatible protocol";

	private final SslContext sslContext;

	private final long handshakeTimeoutMillis;

	private final HipaaGrpcTlsHandshakeListener listener;

	ObservedServerTls(SslContext sslContext, long handshakeTimeoutMillis, HipaaGrpcTlsHandshakeListener listener) {
		this.sslContext = sslContext;
		this.handshakeTimeoutMillis = handshakeTimeoutMillis;
		this.listener = listener;
	}

	@Override
	public AsciiString scheme() {
		return SCHEME;
	}

	@Override
	public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
		ChannelHandler tls = new ServerTlsHandler(InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler));
		return InternalProtocolNegotiators.waitUntilActiveHandler(tls, grpcHandler.getNegotiationLogger());
	}

	@Override
	public void close() {
	}

	private void handshakeFailed(HipaaGrpcTlsHandshakeFailure failure) {
		logger.debug(LogMessage.format("TLS handshake failed: '%s'", failure.tagValue()));
		this.listener.handshakeFailed(failure);
	}

	/**
	 * Adds the {@link SslHandler} in front of itself, then hands the connection to gRPC
	 * once the handshake has agreed on HTTP/2.
	 */
	private final class ServerTlsHandler extends ChannelInboundHandlerAdapter {

		private final ChannelHandler next;

		private ProtocolNegotiationEvent negotiation = InternalProtocolNegotiationEvent.getDefault();

		ServerTlsHandler(ChannelHandler next) {
			this.next = next;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext context) {
			SslHandler sslHandler = new SslHandler(ObservedServerTls.this.sslContext.newEngine(context.alloc()));
			sslHandler.setHandshakeTimeoutMillis(ObservedServerTls.this.handshakeTimeoutMillis);
			context.pipeline().addBefore(context.name(), null, sslHandler);
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
			if (event instanceof ProtocolNegotiationEvent started) {
				this.negotiation = started;
			}
			else if (event instanceof SslHandshakeCompletionEvent completion) {
				handshakeCompleted(context, completion);
			}
			else {
				super.userEventTriggered(context, event);
			}
		}

		private void handshakeCompleted(ChannelHandlerContext context, SslHandshakeCompletionEvent completion) {
			if (!completion.isSuccess()) {
				handshakeFailed(HipaaGrpcTlsHandshakeFailure.of(completion.cause()));
				context.fireExceptionCaught(completion.cause());
				return;
			}
			SslHandler sslHandler = context.pipeline().get(SslHandler.class);
			String protocol = sslHandler.applicationProtocol();
			if (!ObservedServerTls.this.sslContext.applicationProtocolNegotiator().protocols().contains(protocol)) {
				handshakeFailed(HipaaGrpcTlsHandshakeFailure.NO_APPLICATION_PROTOCOL);
				context.fireExceptionCaught(Status.UNAVAILABLE.withDescription(NO_HTTP2).asRuntimeException());
				return;
			}
			SSLSession session = sslHandler.engine().getSession();
			ObservedServerTls.this.listener.handshakeCompleted(session);
			context.pipeline().replace(context.name(), null, this.next);
			context.fireUserEventTriggered(negotiated(session));
		}

		private ProtocolNegotiationEvent negotiated(SSLSession session) {
			Attributes attributes = InternalProtocolNegotiationEvent.getAttributes(this.negotiation)
				.toBuilder()
				.set(GrpcAttributes.ATTR_SECURITY_LEVEL, SecurityLevel.PRIVACY_AND_INTEGRITY)
				.set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session)
				.build();
			InternalChannelz.Security security = new InternalChannelz.Security(new InternalChannelz.Tls(session));
			return InternalProtocolNegotiationEvent
				.withSecurity(InternalProtocolNegotiationEvent.withAttributes(this.negotiation, attributes), security);
		}

	}

}
