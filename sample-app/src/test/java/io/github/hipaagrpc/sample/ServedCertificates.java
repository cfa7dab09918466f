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

package io.github.hipaagrpc.sample;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.github.hipaagrpc.sample.proto.ClinicalRecordsGrpc;
import io.github.hipaagrpc.sample.proto.GetChartRequest;
import io.github.hipaagrpc.sample.scenario.AccessToken;
import io.github.hipaagrpc.sample.scenario.TokenClient;
import io.github.hipaagrpc.test.SecuredChannels;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a chart over a new TLS connection to the sample, as a provider, and tells which
 * server certificate the connection was given.
 */
final class ServedCertificates {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private final int port;

	private final TokenClient tokens;

	private final X509Certificate[] trustAnchors;

	private volatile @Nullable AccessToken token;

	ServedCertificates(int port, TokenClient tokens, X509Certificate... trustAnchors) {
		this.port = port;
		this.tokens = tokens;
		this.trustAnchors = trustAnchors;
	}

	/**
	 * Read a chart on a new connection.
	 * @return the certificate the server presented
	 */
	X509Certificate readChartOnNewConnection() {
		ManagedChannel channel = SecuredChannels.tls("localhost", this.port, this.trustAnchors);
		try {
			PeerCertificate peer = new PeerCertificate();
			ClinicalRecordsGrpc.newBlockingStub(ClientInterceptors.intercept(channel, peer))
				.withCallCredentials(token().callCredentials())
				.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.getChart(GetChartRequest.newBuilder().setPatientId("FAKE-PT-0001").build());
			return peer.certificate();
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * Start reading charts on new connections, one after the other on a thread of its
	 * own, until stopped, for at most the given time.
	 * @param limit the longest the load runs
	 * @return the running load
	 */
	Load startLoad(Duration limit) {
		return new Load(limit);
	}

	/**
	 * Read PEM certificates over HTTP, as a client reads Vault's CA from
	 * {@code /v1/pki/ca/pem}.
	 * @param uri where to read them
	 * @return the certificates
	 */
	static X509Certificate[] readCertificates(String uri) {
		byte[] pem = RestClient.create().get().uri(uri).retrieve().body(byte[].class);
		if (pem == null) {
			throw new AssertionError("No certificates at '%s'".formatted(uri));
		}
		try {
			return CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(pem))
				.stream()
				.map(X509Certificate.class::cast)
				.toArray(X509Certificate[]::new);
		}
		catch (CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private AccessToken token() {
		AccessToken token = this.token;
		if (token == null || token.expiresAt().isBefore(Instant.now().plusSeconds(60))) {
			token = this.tokens.fetch("provider-client");
			this.token = token;
		}
		return token;
	}

	/**
	 * Chart reads on new connections, recording the serial number each one was served and
	 * every failure.
	 */
	final class Load {

		private static final int MAX_CALLS = 30_000;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger calls = new AtomicInteger();

		private final Set<BigInteger> serialNumbers = ConcurrentHashMap.newKeySet();

		private final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		private Load(Duration limit) {
			Instant deadline = Instant.now().plus(limit);
			this.executor.execute(() -> {
				while (this.running.get() && this.calls.get() < MAX_CALLS && Instant.now().isBefore(deadline)) {
					call();
				}
			});
		}

		private void call() {
			try {
				this.serialNumbers.add(readChartOnNewConnection().getSerialNumber());
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
			}
			finally {
				this.calls.incrementAndGet();
			}
		}

		Set<BigInteger> serialNumbers() {
			return Set.copyOf(this.serialNumbers);
		}

		/**
		 * Stop the load and wait for its last call.
		 * @return the failed calls
		 * @throws InterruptedException if interrupted while waiting
		 */
		List<Throwable> stop() throws InterruptedException {
			this.running.set(false);
			this.executor.shutdown();
			assertThat(this.executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			return List.copyOf(this.failures);
		}

		int calls() {
			return this.calls.get();
		}

	}

	/**
	 * Client interceptor that keeps the certificate the server presented on a call's
	 * connection.
	 */
	private static final class PeerCertificate implements ClientInterceptor {

		private volatile @Nullable X509Certificate certificate;

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			ClientCall<Q, R> call = next.newCall(method, callOptions);
			return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {

				@Override
				public void start(Listener<R> listener, Metadata headers) {
					super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {

						@Override
						public void onHeaders(Metadata responseHeaders) {
							keep(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
							super.onHeaders(responseHeaders);
						}

					}, headers);
				}

			};
		}

		private void keep(@Nullable SSLSession session) {
			if (session == null) {
				return;
			}
			try {
				this.certificate = (X509Certificate) session.getPeerCertificates()[0];
			}
			catch (SSLPeerUnverifiedException ex) {
				throw new IllegalStateException("Server presented no certificate", ex);
			}
		}

		X509Certificate certificate() {
			X509Certificate certificate = this.certificate;
			if (certificate == null) {
				throw new AssertionError("No call received headers over TLS");
			}
			return certificate;
		}

	}

}
