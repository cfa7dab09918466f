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

package io.github.hipaagrpc.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.grpc.Attributes;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
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
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.util.Assert;

/**
 * Rate limit per client address, before the caller is authenticated, so that a flood of
 * calls with bad tokens is refused before any signature is checked. The address is the
 * connection's peer, or, on a connection from a trusted proxy, the nearest address in its
 * {@code x-forwarded-for} header that is not itself a trusted proxy; from anywhere else
 * that header is ignored.
 * <p>
 * Calls that fail authentication (an inner layer throws Spring Security's
 * {@link AuthenticationException} or closes the call as unauthenticated) also count
 * against a stricter budget of their address: once it is used up, every call from that
 * address is refused, before its token is looked at, until the budget refills.
 *
 * @since 0.1.0
 */
public class HipaaGrpcRateLimitAddressInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(HipaaGrpcRateLimitAddressInterceptor.class);

	static final Metadata.Key<String> FORWARDED_FOR = Metadata.Key.of("x-forwarded-for",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

	private static final Pattern IPV4_LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

	private static final long MAXIMUM_REFUSED = 100_000;

	private static final String UNAUTHENTICATED_KEY = "unauthenticated\u0000";

	/**
	 * Trailer with which automatic logoff closes a stream whose caller was authenticated;
	 * such a close is not a failed authentication. The access layer that sets it runs
	 * inside this one, which therefore names the trailer rather than depending on it.
	 */
	private static final Metadata.Key<String> LOGOFF_TRAILER = Metadata.Key.of("x-hipaa-grpc-logoff",
			Metadata.ASCII_STRING_MARSHALLER);

	private final HipaaGrpcRateLimitBackend backend;

	private final @Nullable HipaaGrpcRateLimit limit;

	private final @Nullable HipaaGrpcRateLimit unauthenticatedLimit;

	private final List<InetAddressMatcher> trustedProxies;

	private final HipaaGrpcRateLimitListener listener;

	private final Cache<String, Long> refusedUntil;

	/**
	 * Create an interceptor.
	 * @param backend where the limits are kept
	 * @param limit the limit per address, or {@code null} for none
	 * @param unauthenticatedLimit the limit of calls per address that fail
	 * authentication, or {@code null} for none
	 * @param trustedProxies the proxies whose {@code x-forwarded-for} header counts
	 * @param listener the listener told of each decision
	 */
	public HipaaGrpcRateLimitAddressInterceptor(HipaaGrpcRateLimitBackend backend, @Nullable HipaaGrpcRateLimit limit,
			@Nullable HipaaGrpcRateLimit unauthenticatedLimit, List<InetAddressMatcher> trustedProxies,
			HipaaGrpcRateLimitListener listener) {
		Assert.notNull(backend, "'backend' must not be null");
		Assert.notNull(trustedProxies, "'trustedProxies' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		this.backend = backend;
		this.limit = limit;
		this.unauthenticatedLimit = unauthenticatedLimit;
		this.trustedProxies = List.copyOf(trustedProxies);
		this.listener = listener;
		Duration period = (unauthenticatedLimit != null) ? unauthenticatedLimit.refreshPeriod() : Duration.ofSeconds(1);
		this.refusedUntil = Caffeine.newBuilder().maximumSize(MAXIMUM_REFUSED).expireAfterWrite(period).build();
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (this.limit == null && this.unauthenticatedLimit == null) {
			return next.startCall(call, headers);
		}
		InetAddress address = clientAddress(headers, call.getAttributes());
		if (address == null) {
			return next.startCall(call, headers);
		}
		String client = address.getHostAddress();
		String method = call.getMethodDescriptor().getFullMethodName();
		HipaaGrpcRateLimitDecision decision = decide(client);
		if (decision != null) {
			this.listener.onDecision(HipaaGrpcRateLimitPoint.ADDRESS, method, decision.granted());
			if (!decision.granted()) {
				logger.debug(LogMessage.format("Refused a call to '%s': the address limit is used up", method));
				return RateLimitRejection.close(call, decision);
			}
		}
		HipaaGrpcRateLimit unauthenticated = this.unauthenticatedLimit;
		if (unauthenticated == null) {
			return next.startCall(call, headers);
		}
		try {
			return next.startCall(new UnauthenticatedCounting<>(call, client), headers);
		}
		catch (AuthenticationException ex) {
			authenticationFailed(client, unauthenticated);
			throw ex;
		}
	}

	private @Nullable HipaaGrpcRateLimitDecision decide(String client) {
		Long until = this.refusedUntil.getIfPresent(client);
		if (until != null) {
			long left = until - System.nanoTime();
			if (left > 0) {
				return HipaaGrpcRateLimitDecision.reject(Duration.ofNanos(left));
			}
		}
		return (this.limit != null) ? this.backend.tryAcquire(client, this.limit) : null;
	}

	private void authenticationFailed(String client, HipaaGrpcRateLimit limit) {
		HipaaGrpcRateLimitDecision decision = this.backend.tryAcquire(UNAUTHENTICATED_KEY + client, limit);
		if (!decision.granted()) {
			this.refusedUntil.put(client, System.nanoTime() + decision.retryAfter().toNanos());
			logger.debug(LogMessage.format(
					"Refusing calls from an address for '%s': the limit '%s' of failed " + "authentications is used up",
					decision.retryAfter(), limit.name()));
		}
	}

	/**
	 * Return the address that a call counts against.
	 * @param headers the call's headers
	 * @param attributes the call's transport attributes
	 * @return the client address, or {@code null} if the call has none (in-process)
	 */
	@Nullable InetAddress clientAddress(Metadata headers, Attributes attributes) {
		SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
		if (!(remote instanceof InetSocketAddress socketAddress) || socketAddress.getAddress() == null) {
			return null;
		}
		InetAddress peer = socketAddress.getAddress();
		if (!isTrustedProxy(peer)) {
			return peer;
		}
		Iterable<String> forwarded = headers.getAll(FORWARDED_FOR);
		if (forwarded == null) {
			return peer;
		}
		List<String> hops = new ArrayList<>();
		forwarded.forEach((value) -> hops.addAll(List.of(value.split(","))));
		InetAddress client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = parse(hops.get(i).strip());
			if (hop == null) {
				return client;
			}
			client = hop;
			if (!isTrustedProxy(hop)) {
				return hop;
			}
		}
		return client;
	}

	private boolean isTrustedProxy(InetAddress address) {
		return this.trustedProxies.stream().anyMatch((proxy) -> proxy.matches(address));
	}

	/**
	 * Parse a hop of the {@code x-forwarded-for} header. Only a dotted-quad IPv4 address
	 * or an IPv6 address is taken: for those the JDK never asks DNS, whereas a host name
	 * or an ambiguous form ({@code 1.2.3}, {@code 999.1.1.1}) would be resolved or
	 * guessed at.
	 * @param value the hop
	 * @return the address, or {@code null} if the hop is not an IP address
	 */
	private static @Nullable InetAddress parse(String value) {
		String literal = (value.startsWith("[") && value.endsWith("]")) ? value.substring(1, value.length() - 1)
				: value;
		if (!IPV4_LITERAL.matcher(literal).matches() && !IPV6_LITERAL.matcher(literal).matches()) {
			return null;
		}
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.ADDRESS_LIMIT;
	}

	/**
	 * Counts the call against the failed-authentication budget of its address when an
	 * inner layer closes it as unauthenticated instead of throwing.
	 */
	private final class UnauthenticatedCounting<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final String client;

		UnauthenticatedCounting(ServerCall<ReqT, RespT> delegate, String client) {
			super(delegate);
			this.client = client;
		}

		@Override
		public void close(Status status, Metadata trailers) {
			HipaaGrpcRateLimit limit = HipaaGrpcRateLimitAddressInterceptor.this.unauthenticatedLimit;
			if (limit != null && status.getCode() == Status.Code.UNAUTHENTICATED
					&& !trailers.containsKey(LOGOFF_TRAILER)) {
				authenticationFailed(this.client, limit);
			}
			super.close(status, trailers);
		}

	}

}
