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
import java.time.Duration;

import javax.net.ssl.SSLException;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.codec.http2.Http2Exception;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the inbound size defaults that {@link HipaaGrpcTlsEnvironmentPostProcessor}
 * gives Spring Boot's {@code spring.grpc.server.inbound.*} properties, over a real TLS
 * socket: with nothing set, and with the application's own values. The nested classes
 * share one JWK Set server, stopped once all of them have run.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcTransportDefaultsTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final int DEFAULT_MESSAGE_SIZE = 4 * 1024 * 1024;

	static final int DEFAULT_METADATA_SIZE = 8 * 1024;

	static final Duration WAIT = Duration.ofSeconds(30);

	static final Metadata.Key<String> LARGE_HEADER = Metadata.Key.of("x-large", Metadata.ASCII_STRING_MARSHALLER);

	@AfterAll
	void stopJwks() {
		support.close();
	}

	/**
	 * Inbound sizes left unset.
	 */
	@Nested
	class DefaultSizeTests extends SizeLimitedServerTests {

		@Test
		void sizesWhenNotSetAreTheStartersDefaults(@Autowired ConfigurableEnvironment environment,
				@Autowired GrpcServerProperties properties) {
			PropertySource<?> defaults = environment.getPropertySources()
				.get(HipaaGrpcTlsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
			assertThat(defaults).isNotNull().satisfies((source) -> {
				assertThat(source.getProperty("spring.grpc.server.inbound.message.max-size")).isEqualTo("4MB");
				assertThat(source.getProperty("spring.grpc.server.inbound.metadata.max-size")).isEqualTo("8KB");
			});
			GrpcServerProperties.Inbound inbound = properties.getInbound();
			assertThat(inbound.getMessage().getMaxSize()).isEqualTo(DataSize.ofBytes(DEFAULT_MESSAGE_SIZE));
			assertThat(inbound.getMetadata().getMaxSize()).isEqualTo(DataSize.ofBytes(DEFAULT_METADATA_SIZE));
		}

		@Test
		void callWhenMessageIsJustOverDefaultSizeIsResourceExhaustedWhileOtherCallsGoOn() {
			RecordRequest oversized = request(DEFAULT_MESSAGE_SIZE + 1);
			try (WellBehavedClient wellBehaved = wellBehavedClient()) {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> records(this.channel).read(oversized))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
				assertThat(records(this.channel).read(request("after-oversized")).getId()).isEqualTo("after-oversized");
				assertThat(this.service.served(oversized.getId())).isFalse();
				assertThat(wellBehaved.stop()).isNotEmpty().containsOnly(Status.Code.OK);
			}
		}

		@Test
		void callWhenMessageIsExactlyDefaultSizeIsServed() {
			RecordRequest largest = request(DEFAULT_MESSAGE_SIZE);
			assertThat(records(this.channel).read(largest).getId()).isEqualTo(largest.getId());
			assertThat(this.service.served(largest.getId())).isTrue();
		}

		@Test
		void callWhenMetadataIsOverDefaultSizeIsRefusedAtTheLimitTheServerAnnounced() {
			TestRecordsGrpc.TestRecordsBlockingStub stub = records(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(largeHeader()));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.read(request("large-metadata")))
				.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(Http2Exception.HeaderListSizeException.class)
					.hasMessage("Header size exceeded max allowed size (%d)", DEFAULT_METADATA_SIZE));
			assertThat(records(this.channel).read(request("after-large-metadata")).getId())
				.isEqualTo("after-large-metadata");
			assertThat(this.service.served("large-metadata")).isFalse();
		}

	}

	/**
	 * Inbound sizes set by the application, above the starter's defaults.
	 */
	@Nested
	@TestPropertySource(properties = { "spring.grpc.server.inbound.message.max-size=5MB",
			"spring.grpc.server.inbound.metadata.max-size=16KB" })
	class UserSizeTests extends SizeLimitedServerTests {

		@Test
		void callWhenUserAllowsLargerMessagesServesOneOverTheDefault() {
			RecordRequest overDefault = request(DEFAULT_MESSAGE_SIZE + 1);
			assertThat(records(this.channel).read(overDefault).getId()).isEqualTo(overDefault.getId());
			assertThat(this.service.served(overDefault.getId())).isTrue();
		}

		@Test
		void callWhenUserAllowsLargerMetadataServesMetadataOverTheDefault() {
			TestRecordsGrpc.TestRecordsBlockingStub stub = records(this.channel)
				.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(largeHeader()));
			assertThat(stub.read(request("large-metadata")).getId()).isEqualTo("large-metadata");
		}

	}

	/**
	 * A TLS gRPC server with no rate limits, and a channel to it that accepts replies
	 * larger than gRPC's default.
	 */
	@SpringBootTest(classes = HipaaGrpcTransportHardeningTests.HardenedServerConfiguration.class,
			webEnvironment = WebEnvironment.NONE, properties = "hipaa.grpc.rate-limit.enabled=false")
	abstract static class SizeLimitedServerTests {

		@Value("${local.grpc.server.port}")
		int port;

		@Autowired
		HoldingRecordsService service;

		ManagedChannel channel;

		String token;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		@BeforeEach
		void openChannel() throws SSLException {
			this.channel = NettyChannelBuilder.forAddress("localhost", this.port)
				.sslContext(GrpcSslContexts.forClient().trustManager(support.pki().caCertificate()).build())
				.maxInboundMessageSize(4 * DEFAULT_MESSAGE_SIZE)
				.build();
			this.token = support.minter().token("alice", "PROVIDER");
		}

		@AfterEach
		void closeChannel() {
			this.channel.shutdownNow();
		}

		WellBehavedClient wellBehavedClient() {
			return new WellBehavedClient(support.channel(this.port), SecuredChannels.bearer(this.token));
		}

		TestRecordsGrpc.TestRecordsBlockingStub records(ManagedChannel channel) {
			return TestRecordsGrpc.newBlockingStub(channel)
				.withCallCredentials(SecuredChannels.bearer(this.token))
				.withDeadlineAfter(WAIT);
		}

		static Metadata largeHeader() {
			Metadata headers = new Metadata();
			headers.put(LARGE_HEADER, "a".repeat(DEFAULT_METADATA_SIZE + 1000));
			return headers;
		}

		static RecordRequest request(String id) {
			return RecordRequest.newBuilder().setId(id).build();
		}

		/**
		 * Return a request whose serialized form has exactly the given size, which must
		 * need a four-byte length for its id.
		 * @param size the size in bytes
		 * @return the request
		 */
		static RecordRequest request(int size) {
			RecordRequest request = request("x".repeat(size - 5));
			assertThat(request.getSerializedSize()).isEqualTo(size);
			return request;
		}

	}

}
