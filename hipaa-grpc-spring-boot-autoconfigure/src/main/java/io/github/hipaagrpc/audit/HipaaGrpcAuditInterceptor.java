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

package io.github.hipaagrpc.audit;

import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.access.HipaaGrpcAccessContext;
import io.github.hipaagrpc.access.HipaaGrpcAccessLogoffReason;
import io.github.hipaagrpc.error.CorrelationId;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Writes one audit record for every call, whatever its outcome, including calls refused
 * before authentication and calls cancelled or past their deadline. It runs outside every
 * other security layer so that it sees their refusals.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditInterceptor implements ServerInterceptor, Ordered {

	static final String REFUSED_DESCRIPTION = "Service temporarily unavailable; retry later";

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health/";

	/**
	 * How close to its deadline a cancelled call counts as past it: a client cancels its
	 * side when its deadline passes, which can reach the server just before the server's
	 * copy of the deadline passes, later by the time the request took to arrive.
	 */
	private static final Duration DEADLINE_TOLERANCE = Duration.ofMillis(500);

	private static final Log logger = LogFactory.getLog(HipaaGrpcAuditInterceptor.class);

	private final HipaaGrpcAuditWriter writer;

	private final HipaaGrpcAuditChain chain;

	private final HipaaGrpcAuditPeerAddress peerAddress;

	private final Duration synchronousTimeout;

	private final Clock clock;

	/**
	 * Create an interceptor.
	 * @param writer the writer of records
	 * @param chain the chain whose key hashes peer addresses
	 * @param peerAddress how peer addresses are written
	 * @param synchronousTimeout how long a call waits for its record in synchronous mode
	 */
	public HipaaGrpcAuditInterceptor(HipaaGrpcAuditWriter writer, HipaaGrpcAuditChain chain,
			HipaaGrpcAuditPeerAddress peerAddress, Duration synchronousTimeout) {
		Assert.notNull(writer, "'writer' must not be null");
		Assert.notNull(chain, "'chain' must not be null");
		Assert.notNull(peerAddress, "'peerAddress' must not be null");
		Assert.notNull(synchronousTimeout, "'synchronousTimeout' must not be null");
		this.writer = writer;
		this.chain = chain;
		this.peerAddress = peerAddress;
		this.synchronousTimeout = synchronousTimeout;
		this.clock = Clock.systemUTC();
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		HipaaGrpcAuditWriter.Ticket ticket = this.writer.admit(method.startsWith(HEALTH_SERVICE));
		CallRecord record = new CallRecord(call, method, ticket);
		if (ticket == null) {
			this.writer.refused(record.record(Status.UNAVAILABLE));
			logger.debug(LogMessage.format("Refused a call to '%s': audit records cannot be stored", method));
			call.close(Status.UNAVAILABLE.withDescription(REFUSED_DESCRIPTION), new Metadata());
			return new Listener<>() {
			};
		}
		Context context = Context.current().withValue(AuditedCall.KEY, record.state);
		try {
			Listener<ReqT> listener = Contexts.interceptCall(context, new AuditingServerCall<>(call, record), headers,
					next);
			return new AuditingListener<>(listener, record);
		}
		catch (RuntimeException ex) {
			record.writeAndForget(Status.fromThrowable(ex));
			throw ex;
		}
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.AUDIT;
	}

	private @Nullable String fingerprint(ServerCall<?, ?> call) {
		SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
		if (session == null) {
			return null;
		}
		try {
			Certificate[] certificates = session.getPeerCertificates();
			if (certificates.length == 0) {
				return null;
			}
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificates[0].getEncoded());
			return HexFormat.of().formatHex(digest);
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			logger.debug("Could not read the client certificate's fingerprint", ex);
			return null;
		}
	}

	/**
	 * The record of one call, written exactly once when the call closes or is cancelled.
	 */
	private final class CallRecord {

		private final AuditedCall state = new AuditedCall();

		private final HipaaGrpcAuditWriter.@Nullable Ticket ticket;

		private final String method;

		private final @Nullable String peer;

		private final @Nullable String fingerprint;

		private final @Nullable String correlationId;

		private final @Nullable Deadline deadline;

		private final long started = System.nanoTime();

		CallRecord(ServerCall<?, ?> call, String method, HipaaGrpcAuditWriter.@Nullable Ticket ticket) {
			this.ticket = ticket;
			this.method = method;
			SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
			this.peer = (remote != null)
					? HipaaGrpcAuditInterceptor.this.peerAddress.format(remote, HipaaGrpcAuditInterceptor.this.chain)
					: null;
			this.fingerprint = fingerprint(call);
			this.correlationId = CorrelationId.current();
			this.deadline = Context.current().getDeadline();
		}

		CompletableFuture<Void> write(Status status) {
			if (this.ticket == null) {
				return CompletableFuture.completedFuture(null);
			}
			return this.ticket.write(record(status));
		}

		void cancelled() {
			boolean expired = this.deadline != null
					&& this.deadline.timeRemaining(TimeUnit.MILLISECONDS) <= DEADLINE_TOLERANCE.toMillis();
			writeAndForget(expired ? Status.DEADLINE_EXCEEDED : Status.CANCELLED);
		}

		void writeAndForget(Status status) {
			write(status).exceptionally((ex) -> null);
		}

		HipaaGrpcAuditRecord record(Status status) {
			AuditedCall.Subject subject = this.state.subject();
			HipaaGrpcAccessContext access = this.state.access();
			long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - this.started);
			return new HipaaGrpcAuditRecord(HipaaGrpcAuditInterceptor.this.clock.instant(),
					HipaaGrpcAuditRecord.Type.CALL, null, this.correlationId, this.method,
					(subject != null) ? subject.principal() : null, (subject != null) ? subject.clientId() : null,
					(subject != null) ? subject.roles() : null,
					(subject != null) ? subject.authenticationKind() : "none", this.fingerprint, this.peer,
					(access != null) ? access.purposeOfUse() : null, (access != null) ? access.facility() : null,
					this.state.resourceReference(), decision(status), status.getCode().name(), micros, detail(subject),
					this.state.emergencyGrant());
		}

		private @Nullable String detail(AuditedCall.@Nullable Subject subject) {
			String detail = (subject != null) ? subject.detail() : null;
			HipaaGrpcAccessLogoffReason logoff = this.state.logoff();
			if (logoff == null) {
				return detail;
			}
			String reason = "logoff=" + logoff.code();
			return (detail != null) ? detail + "; " + reason : reason;
		}

		private HipaaGrpcAuditRecord.Decision decision(Status status) {
			if (this.ticket == null) {
				return HipaaGrpcAuditRecord.Decision.REFUSED;
			}
			return switch (status.getCode()) {
				case UNAUTHENTICATED, PERMISSION_DENIED -> HipaaGrpcAuditRecord.Decision.DENIED;
				default -> HipaaGrpcAuditRecord.Decision.ALLOWED;
			};
		}

	}

	/**
	 * Call that writes the record as it closes, and in synchronous mode lets the status
	 * reach the client only once the record is stored.
	 */
	private final class AuditingServerCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final CallRecord record;

		AuditingServerCall(ServerCall<ReqT, RespT> delegate, CallRecord record) {
			super(delegate);
			this.record = record;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			HipaaGrpcAccessLogoffReason logoff = HipaaGrpcAccessLogoffReason.from(trailers);
			if (logoff != null && status.getCode() == Status.Code.UNAUTHENTICATED) {
				this.record.state.logoff(logoff);
			}
			CompletableFuture<Void> stored = this.record.write(status);
			if (awaitStored(stored)) {
				super.close(status, trailers);
				return;
			}
			super.close(Status.UNAVAILABLE.withDescription(REFUSED_DESCRIPTION), trailers);
		}

		private boolean awaitStored(CompletableFuture<Void> stored) {
			try {
				stored.get(HipaaGrpcAuditInterceptor.this.synchronousTimeout.toMillis(), TimeUnit.MILLISECONDS);
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			catch (ExecutionException | TimeoutException ex) {
				return false;
			}
		}

	}

	/**
	 * Listener that writes the record of a call that the client cancelled or whose
	 * deadline passed.
	 */
	private static final class AuditingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final CallRecord record;

		AuditingListener(Listener<ReqT> delegate, CallRecord record) {
			super(delegate);
			this.record = record;
		}

		@Override
		public void onCancel() {
			this.record.cancelled();
			super.onCancel();
		}

	}

}
