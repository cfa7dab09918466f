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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.autoconfigure.StreamRecorder;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.codec.http2.Http2Exception;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the transport limits that {@link HipaaGrpcTlsAutoConfiguration} applies to
 * the gRPC listener, over a real TLS socket: metadata and message sizes, stream reset
 * floods and concurrent streams, each while a well-behaved client keeps being served.
 */
@SpringBootTest(classes = HipaaGrpcTransportHardeningTests.HardenedServerConfiguration.class,
		webEnvironment = WebEnvironment.NONE,
		properties = { "spring.grpc.server.inbound.metadata.max-size=2KB",
				"spring.grpc.server.inbound.message.max-size=1KB", "hipaa.grpc.tls.stream-resets.max-count=20",
				"hipaa.grpc.tls.stream-resets.window=10s", "hipaa.grpc.tls.max-concurrent-streams=2",
				// these tests open streams as fast as they can; rate limits are tested on
				// their own
				"hipaa.grpc.rate-limit.enabled=false" })
class HipaaGrpcTransportHardeningTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final Duration WAIT = Duration.ofSeconds(30);

	static final Metadata.Key<String> LARGE_HEADER = Metadata.Key.of("x-large", Metadata.ASCII_STRING_MARSHALLER);

	@Value("${local.grpc.server.port}")
	private int port;

	@Autowired
	private HoldingRecordsService service;

	private ManagedChannel channel;

	private String token;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
		support.registerProperties(registry);
	}

	@AfterAll
	static void stopJwks() {
		support.close();
	}

	@BeforeEach
	void openChannel() {
		this.channel = support.channel(this.port);
		this.token = support.minter().token("alice", "PROVIDER");
	}

	@AfterEach
	void closeChannel() {
		this.channel.shutdownNow();
		this.service.release();
	}

	@Test
	void callWhenMetadataExceedsLimitIsRefusedBeforeReachingTheServer() {
		try (WellBehavedClient wellBehaved = wellBehavedClient()) {
			Metadata headers = new Metadata();
			headers.put(LARGE_HEADER, "a".repeat(4096));
			TestRecordsGrpc.TestRecordsBlockingStub stub = records(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
			// The client honours the limit that the server announces in its settings
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.read(request("large-metadata")))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
					assertThat(ex.getCause()).isInstanceOf(Http2Exception.HeaderListSizeException.class)
						.hasMessage("Header size exceeded max allowed size (2048)");
				});
			assertThat(records(this.channel).read(request("after-large-metadata")).getId())
				.isEqualTo("after-large-metadata");
			assertThat(this.service.served("large-metadata")).isFalse();
			assertThat(wellBehaved.stop()).isNotEmpty().containsOnly(Status.Code.OK);
		}
	}

	@Test
	void requestWhenMetadataExceedsLimitIsRefusedByTheServer() throws Exception {
		try (WellBehavedClient wellBehaved = wellBehavedClient()) {
			HttpClient client = HttpClient.newBuilder()
				.sslContext(TlsClients.trusting(support.pki().caCertificate()))
				.version(HttpClient.Version.HTTP_2)
				.build();
			HttpResponse<byte[]> refused = client.send(rawRead("over-limit", 2100),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(refused.statusCode()).isEqualTo(431);
			// Far over the limit, Netty sends GOAWAY and closes the connection, which the
			// client may see as a reset before it reads the GOAWAY
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> client.send(rawRead("far-over-limit", 8192), HttpResponse.BodyHandlers.ofByteArray()))
				.withMessageMatching(".*(GOAWAY received|Connection reset).*");
			assertThat(this.service.served("over-limit")).isFalse();
			assertThat(this.service.served("far-over-limit")).isFalse();
			assertThat(wellBehaved.stop()).isNotEmpty().containsOnly(Status.Code.OK);
		}
	}

	@Test
	void callWhenMessageExceedsLimitIsResourceExhaustedBeforeTheService() {
		try (WellBehavedClient wellBehaved = wellBehavedClient()) {
			String id = "large-message-" + "a".repeat(2048);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> records(this.channel).read(request(id)))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
			assertThat(records(this.channel).read(request("after-large-message")).getId())
				.isEqualTo("after-large-message");
			assertThat(this.service.served(id)).isFalse();
			assertThat(wellBehaved.stop()).isNotEmpty().containsOnly(Status.Code.OK);
		}
	}

	@Test
	void callsWhenClientResetsStreamsInBurstLoseTheirConnectionWhileOthersAreServed() throws Exception {
		try (WellBehavedClient wellBehaved = wellBehavedClient()) {
			List<Integer> localPorts = new ArrayList<>();
			List<Status> failures = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				startAndReset("reset-" + i, localPorts, failures);
			}
			assertThat(localPorts).hasSize(30);
			assertThat(localPorts.stream().distinct().count()).as("connections").isGreaterThan(1);
			long onFirstConnection = localPorts.stream().filter(localPorts.get(0)::equals).count();
			assertThat(onFirstConnection).as("streams on the first connection").isBetween(21L, 22L);
			assertThat(failures).allSatisfy((status) -> {
				assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
				assertThat(status.getDescription()).contains("ENHANCE_YOUR_CALM").contains("too_many_rststreams");
			});
			assertThat(records(this.channel).read(request("after-resets")).getId()).isEqualTo("after-resets");
			assertThat(wellBehaved.stop()).isNotEmpty().containsOnly(Status.Code.OK);
		}
	}

	@Test
	void callsWhenMoreThanMaxConcurrentStreamsAreQueuedAndAllComplete() throws InterruptedException {
		this.service.resetMostHeld();
		List<StreamRecorder<RecordReply>> recorders = new ArrayList<>();
		TestRecordsGrpc.TestRecordsStub stub = TestRecordsGrpc.newStub(this.channel)
			.withCallCredentials(SecuredChannels.bearer(this.token))
			.withDeadlineAfter(WAIT);
		for (int i = 0; i < 5; i++) {
			StreamRecorder<RecordReply> recorder = new StreamRecorder<>();
			stub.watch(request("held-" + i), recorder);
			recorders.add(recorder);
		}
		await().atMost(WAIT).until(() -> started(recorders) == 2 && this.service.held() == 2);
		int released = 0;
		while (released < 5) {
			await().atMost(WAIT).until(() -> this.service.held() > 0);
			released += this.service.release();
		}
		for (StreamRecorder<RecordReply> recorder : recorders) {
			recorder.awaitAndRethrow();
			assertThat(recorder.replies()).hasSize(2);
		}
		assertThat(this.service.mostHeld()).isEqualTo(2);
	}

	@Test
	void keepaliveWhenNotSetUsesHardeningDefaults(@Autowired Environment environment,
			@Autowired GrpcServerProperties properties) {
		assertThat(environment.getProperty("spring.grpc.server.keepalive.connection.max-age")).isEqualTo("1h");
		assertThat(environment.getProperty("spring.grpc.server.keepalive.connection.max-idle-time")).isEqualTo("15m");
		assertThat(environment.getProperty("spring.grpc.server.keepalive.connection.grace-period")).isEqualTo("30s");
		GrpcServerProperties.Keepalive.Connection connection = properties.getKeepalive().getConnection();
		assertThat(connection.getMaxAge()).isEqualTo(Duration.ofHours(1));
		assertThat(connection.getMaxIdleTime()).isEqualTo(Duration.ofMinutes(15));
		assertThat(connection.getGracePeriod()).isEqualTo(Duration.ofSeconds(30));
	}

	private void startAndReset(String id, List<Integer> localPorts, List<Status> failures) throws Exception {
		CallOptions options = CallOptions.DEFAULT.withCallCredentials(SecuredChannels.bearer(this.token))
			.withDeadlineAfter(WAIT.toSeconds(), TimeUnit.SECONDS);
		ClientCall<RecordRequest, RecordReply> call = this.channel.newCall(TestRecordsGrpc.getWatchMethod(), options);
		CompletableFuture<Status> firstReply = new CompletableFuture<>();
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onMessage(RecordReply message) {
				firstReply.complete(Status.OK);
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				firstReply.complete(status);
			}

		}, new Metadata());
		call.request(1);
		call.sendMessage(request(id));
		call.halfClose();
		Status status = firstReply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		SocketAddress localAddress = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
		localPorts.add((localAddress instanceof InetSocketAddress address) ? address.getPort() : -1);
		if (!status.isOk()) {
			failures.add(status);
		}
		call.cancel("Reset on purpose", null);
	}

	private static int started(List<StreamRecorder<RecordReply>> recorders) {
		return (int) recorders.stream().filter((recorder) -> !recorder.replies().isEmpty()).count();
	}

	private HttpRequest rawRead(String id, int headerSize) {
		byte[] message = request(id).toByteArray();
		ByteBuffer frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message);
		URI uri = URI
			.create("https://localhost:" + this.port + "/" + TestRecordsGrpc.getReadMethod().getFullMethodName());
		return HttpRequest.newBuilder(uri)
			.header("content-type", "application/grpc")
			.header("te", "trailers")
			.header("authorization", "Bearer " + this.token)
			.header(LARGE_HEADER.name(), "a".repeat(headerSize))
			.timeout(WAIT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(frame.array()))
			.build();
	}

	private WellBehavedClient wellBehavedClient() {
		return new WellBehavedClient(support.channel(this.port), SecuredChannels.bearer(this.token));
	}

	private TestRecordsGrpc.TestRecordsBlockingStub records(ManagedChannel channel) {
		return TestRecordsGrpc.newBlockingStub(channel)
			.withCallCredentials(SecuredChannels.bearer(this.token))
			.withDeadlineAfter(WAIT);
	}

	private static RecordRequest request(String id) {
		return RecordRequest.newBuilder().setId(id).build();
	}

	/**
	 * Application with a gRPC service that can hold calls open.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HardenedServerConfiguration {

		@Bean
		HoldingRecordsService holdingRecordsService() {
			return new HoldingRecordsService();
		}

	}

}
