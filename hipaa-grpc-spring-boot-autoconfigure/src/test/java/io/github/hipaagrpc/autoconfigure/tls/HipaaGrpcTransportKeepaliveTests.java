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
import java.util.ArrayList;
import java.util.List;

import io.github.hipaagrpc.autoconfigure.SecuredServerSupport;
import org.junit.jupiter.api.AfterAll;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the keepalive defaults that {@link HipaaGrpcTlsEnvironmentPostProcessor}
 * gives Spring Boot's {@code spring.grpc.server.keepalive.*} properties, observed on a
 * real TLS socket: with nothing set, and with the application's own values. The nested
 * classes share one JWK Set server, stopped once all of them have run.
 */
@TestInstance(Lifecycle.PER_CLASS)
class HipaaGrpcTransportKeepaliveTests {

	static final SecuredServerSupport support = new SecuredServerSupport();

	static final int NO_ERROR = 0;

	static final int ENHANCE_YOUR_CALM = 0xb;

	@AfterAll
	void stopJwks() {
		support.close();
	}

	/**
	 * Keepalive settings left unset.
	 */
	@Nested
	class DefaultKeepaliveTests extends KeepaliveServerTests {

		@Test
		void keepaliveWhenNotSetPinsPingLimits(@Autowired ConfigurableEnvironment environment,
				@Autowired GrpcServerProperties properties) {
			PropertySource<?> defaults = environment.getPropertySources()
				.get(HipaaGrpcTlsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
			assertThat(defaults).isNotNull().satisfies((source) -> {
				assertThat(source.getProperty("spring.grpc.server.keepalive.permit.time")).isEqualTo("5m");
				assertThat(source.getProperty("spring.grpc.server.keepalive.permit.without-calls")).isEqualTo("false");
			});
			GrpcServerProperties.Keepalive.Permit permit = properties.getKeepalive().getPermit();
			assertThat(permit.getTime()).isEqualTo(Duration.ofMinutes(5));
			assertThat(permit.isWithoutCalls()).isFalse();
		}

		@Test
		void pingsWhenClientSendsThemInABurstCloseTheConnectionWithTooManyPings() throws IOException {
			try (RawHttp2Connection connection = RawHttp2Connection.open(this.port, support.pki().caCertificate())) {
				for (int i = 0; i < 4; i++) {
					connection.ping(i);
				}
				List<RawHttp2Connection.Frame> frames = readUntilGoAway(connection);
				RawHttp2Connection.Frame goAway = frames.get(frames.size() - 1);
				assertThat(goAway.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
				assertThat(goAway.debugData()).isEqualTo("too_many_pings");
				assertThat(frames).filteredOn(RawHttp2Connection.Frame::isPingAck).hasSizeLessThan(4);
			}
		}

	}

	/**
	 * Ping limits set by the application: any ping allowed, with or without calls.
	 */
	@Nested
	@TestPropertySource(properties = { "spring.grpc.server.keepalive.permit.time=0s",
			"spring.grpc.server.keepalive.permit.without-calls=true" })
	class UserPingLimitTests extends KeepaliveServerTests {

		@Test
		void pingsWhenUserPermitsThemAreAllAcknowledged() throws IOException {
			try (RawHttp2Connection connection = RawHttp2Connection.open(this.port, support.pki().caCertificate())) {
				for (int i = 0; i < 4; i++) {
					connection.ping(i);
				}
				List<RawHttp2Connection.Frame> frames = new ArrayList<>();
				while (frames.stream().filter(RawHttp2Connection.Frame::isPingAck).count() < 4) {
					frames.add(connection.read());
				}
				assertThat(frames).noneMatch(RawHttp2Connection.Frame::isGoAway);
			}
		}

	}

	/**
	 * Connection lifetimes set by the application, far below the starter's defaults.
	 */
	@Nested
	@TestPropertySource(properties = { "spring.grpc.server.keepalive.connection.max-age=1s",
			"spring.grpc.server.keepalive.connection.grace-period=1s",
			"spring.grpc.server.keepalive.connection.max-idle-time=1h" })
	class UserConnectionAgeTests extends KeepaliveServerTests {

		@Test
		void connectionWhenOlderThanUserMaxAgeIsAskedToGoAway(@Autowired GrpcServerProperties properties)
				throws IOException {
			assertThat(properties.getKeepalive().getConnection().getMaxAge()).isEqualTo(Duration.ofSeconds(1));
			try (RawHttp2Connection connection = RawHttp2Connection.open(this.port, support.pki().caCertificate())) {
				List<RawHttp2Connection.Frame> frames = readUntilGoAway(connection);
				RawHttp2Connection.Frame goAway = frames.get(frames.size() - 1);
				assertThat(goAway.errorCode()).isEqualTo(NO_ERROR);
				assertThat(goAway.debugData()).isEqualTo("max_age");
			}
		}

	}

	/**
	 * Idle time set by the application, far below the starter's default.
	 */
	@Nested
	@TestPropertySource(properties = "spring.grpc.server.keepalive.connection.max-idle-time=1s")
	class UserIdleTimeTests extends KeepaliveServerTests {

		@Test
		void connectionWhenIdleLongerThanUserMaxIdleTimeIsAskedToGoAway() throws IOException {
			try (RawHttp2Connection connection = RawHttp2Connection.open(this.port, support.pki().caCertificate())) {
				List<RawHttp2Connection.Frame> frames = readUntilGoAway(connection);
				RawHttp2Connection.Frame goAway = frames.get(frames.size() - 1);
				assertThat(goAway.errorCode()).isEqualTo(NO_ERROR);
				assertThat(goAway.debugData()).isEqualTo("max_idle");
			}
		}

	}

	/**
	 * A TLS gRPC server with no rate limits.
	 */
	@SpringBootTest(classes = HipaaGrpcTransportHardeningTests.HardenedServerConfiguration.class,
			webEnvironment = WebEnvironment.NONE, properties = "hipaa.grpc.rate-limit.enabled=false")
	abstract static class KeepaliveServerTests {

		@Value("${local.grpc.server.port}")
		int port;

		@DynamicPropertySource
		static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
			support.registerProperties(registry);
		}

		static List<RawHttp2Connection.Frame> readUntilGoAway(RawHttp2Connection connection) throws IOException {
			List<RawHttp2Connection.Frame> frames = new ArrayList<>();
			RawHttp2Connection.Frame frame;
			do {
				frame = connection.read();
				frames.add(frame);
			}
			while (!frame.isGoAway());
			return frames;
		}

	}

}
