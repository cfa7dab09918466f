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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.util.Assert;

/**
 * Rate limit per client address, before the caller is authenticated, so that a flood of
 * calls with bad tokens is refused before any signature is checked. The address is the
 * connection's peer, or, on a connection from a trusted proxy, the nearest address in its
 * {@code x-forwarded-for} header that is not itself a trusted proxy; from anywhere else
 * that header is ignored.
 *
 * @since 0.1.0
 */
public class HipaaGrpcRateLimitAddressInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(HipaaGrpcRateLimitAddressInterceptor.class);

	static final Metadata.Key<String> FORWARDED_FOR = Metadata.Key.of("x-forwarded-for",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

	private final HipaaGrpcRateLimitBackend backend;

	private final @Nullable HipaaGrpcRateLimit limit;

	private final List<InetAddressMatcher> trustedProxies;

	private final HipaaGrpcRateLimitListener listener;

	/**
	 * Create an interceptor.
	 * @param backend where the limits are kept
	 * @param limit the limit per address, or {@code null} for none
	 * @param trustedProxies the proxies whose {@code x-forwarded-for} header counts
	 * @param listener the listener told of each decision
	 */
	public HipaaGrpcRateLimitAddressInterceptor(HipaaGrpcRateLimitBackend backend, @Nullable HipaaGrpcRateLimit limit,
			List<InetAddressMatcher> trustedProxies, HipaaGrpcRateLimitListener listener) {
		Assert.notNull(backend, "'backend' must not be null");
		Assert.notNull(trustedProxies, "'trustedProxies' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		this.backend = backend;
		this.limit = limit;
		this.trustedProxies = List.copyOf(trustedProxies);
		this.listener = listener;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		HipaaGrpcRateLimit limit = this.limit;
		InetAddress address = (limit != null) ? clientAddress(headers, call.getAttributes()) : null;
		if (limit == null || address == null) {
			return next.startCall(call, headers);
		}
		String method = call.getMethodDescriptor().getFullMethodName();
		HipaaGrpcRateLimitDecision decision = this.backend.tryAcquire(address.getHostAddress(), limit);
		this.listener.onDecision(HipaaGrpcRateLimitPoint.ADDRESS, method, decision.granted());
		if (!decision.granted()) {
			logger.debug(LogMessage.format("Refused a call to '%s': the address limit '%s' is used up", method,
					limit.name()));
			return RateLimitRejection.close(call, decision);
		}
		return next.startCall(call, headers);
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

	private static @Nullable InetAddress parse(String value) {
		String literal = (value.startsWith("[") && value.endsWith("]")) ? value.substring(1, value.length() - 1)
				: value;
		if (literal.isEmpty() || !IP_LITERAL.matcher(literal).matches()) {
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

}
