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

package io.github.hipaagrpc.autoconfigure.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.autoconfigure.error.HipaaGrpcErrorAutoConfiguration;
import io.github.hipaagrpc.autoconfigure.security.TestRecordsService.UnguardedService;
import io.github.hipaagrpc.security.ForwardedPeerCertificateResolver;
import io.github.hipaagrpc.security.HipaaGrpcAuthorizationInterceptor;
import io.github.hipaagrpc.security.HipaaGrpcSecurityConfigurationException;
import io.github.hipaagrpc.security.JwtPolicy;
import io.github.hipaagrpc.security.ObservedJwkSet;
import io.github.hipaagrpc.security.PeerCertificateResolver;
import io.github.hipaagrpc.security.TlsSessionPeerCertificateResolver;
import io.github.hipaagrpc.security.VerifiedTokenCache;
import io.github.hipaagrpc.test.SecuredChannels;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HipaaGrpcSecurityAutoConfiguration}.
 */
class HipaaGrpcSecurityAutoConfigurationTests {

	private static final String ISSUER = "https://issuer.hipaa-grpc.test";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				SecurityAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class,
				OAuth2ResourceServerAutoConfiguration.class, HipaaGrpcErrorAutoConfiguration.class,
				HipaaGrpcSecurityAutoConfiguration.class, GrpcServerOAuth2ResourceServerAutoConfiguration.class))
		.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.inprocess.name=hipaa-grpc-tests",
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
				"spring.security.oauth2.resourceserver.jwt.audiences=clinical-records")
		.withBean(TestRecordsService.class);

	@Test
	void securityWhenConfiguredRegistersInterceptorsPolicyAndCache() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(AuthenticationProcessInterceptor.class);
			assertThat(context).hasSingleBean(HipaaGrpcAuthorizationInterceptor.class);
			assertThat(context).hasSingleBean(VerifiedTokenCache.class);
			assertThat(context).hasSingleBean(ObservedJwkSet.class);
			assertThat(context.getBean(JwtPolicy.class).audiences()).containsExactly("clinical-records");
			assertThat(context.getBean(JwtPolicy.class).algorithms()).containsExactly("RS256");
		});
	}

	@Test
	void securityWhenAudienceMissingFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.audiences=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences"));
	}

	@Test
	void securityWhenIssuerMissingFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri"));
	}

	@Test
	void securityWhenHmacAlgorithmConfiguredFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256,HS256")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.jws-algorithms")
				.hasMessageContaining("HS256"));
	}

	@Test
	void securityWhenNoneAlgorithmConfiguredFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jws-algorithms=none")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.jws-algorithms"));
	}

	@Test
	void securityWhenClockSkewTooLargeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.security.jwt.clock-skew=10m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hipaa.grpc.security.jwt.clock-skew"));
	}

	@Test
	void securityWhenNoJwtDecoderFailsToStart() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					SecurityAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class,
					HipaaGrpcErrorAutoConfiguration.class, HipaaGrpcSecurityAutoConfiguration.class,
					GrpcServerOAuth2ResourceServerAutoConfiguration.class))
			.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
					"spring.security.oauth2.resourceserver.jwt.audiences=clinical-records")
			.withBean(TestRecordsService.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(HipaaGrpcSecurityConfigurationException.class)
				.hasMessageContaining("No way to authenticate gRPC callers"));
	}

	@Test
	void securityWhenNoGrpcServiceBacksOffFromServerInterceptors() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					SecurityAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class,
					OAuth2ResourceServerAutoConfiguration.class, HipaaGrpcErrorAutoConfiguration.class,
					HipaaGrpcSecurityAutoConfiguration.class, GrpcServerOAuth2ResourceServerAutoConfiguration.class))
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
					"spring.security.oauth2.resourceserver.jwt.audiences=clinical-records")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(AuthenticationProcessInterceptor.class);
				assertThat(context).doesNotHaveBean(HipaaGrpcAuthorizationInterceptor.class);
			});
	}

	@Test
	void tokenCacheWhenDisabledIsNotRegistered() {
		this.contextRunner.withPropertyValues("hipaa.grpc.security.token-cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(VerifiedTokenCache.class));
	}

	@Test
	void observedJwkSetWhenOnlyIssuerConfiguredBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
					SecurityAutoConfiguration.class, GrpcServerSecurityAutoConfiguration.class,
					OAuth2ResourceServerAutoConfiguration.class, HipaaGrpcErrorAutoConfiguration.class,
					HipaaGrpcSecurityAutoConfiguration.class, GrpcServerOAuth2ResourceServerAutoConfiguration.class))
			.withPropertyValues("spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
					"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + ISSUER,
					"spring.security.oauth2.resourceserver.jwt.audiences=clinical-records")
			.withBean(TestRecordsService.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ObservedJwkSet.class);
				assertThat(context).hasSingleBean(AuthenticationProcessInterceptor.class);
			});
	}

	@Test
	void jwtAuthenticationConverterWhenUserDefinedBacksOff() {
		this.contextRunner.withUserConfiguration(UserConverterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JwtAuthenticationConverter.class);
			assertThat(context).getBean(JwtAuthenticationConverter.class)
				.isSameAs(context.getBean(UserConverterConfiguration.class).converter);
		});
	}

	@Test
	void authenticationInterceptorWhenUserDefinedFailsStartup() {
		this.contextRunner.withUserConfiguration(UserInterceptorConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(HipaaGrpcSecurityConfigurationException.class)
				.hasMessageContaining("more than one gRPC authentication interceptor"));
	}

	@Test
	void readWhenUserJwtDecoderAcceptsTokenStillAppliesMandatoryChecks() {
		this.contextRunner.withUserConfiguration(PermissiveDecoderConfiguration.class).run((context) -> {
			ManagedChannel channel = InProcessChannelBuilder.forName("hipaa-grpc-tests").build();
			try {
				assertThat(read(channel, "good-audience").getPrincipal()).isEqualTo("user-good-audience");
				assertThat(context.getBean(PermissiveDecoderConfiguration.class).decoded.get()).isPositive();
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> read(channel, "other-audience"))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> read(channel, "hs256"))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			}
			finally {
				channel.shutdownNow();
			}
		});
	}

	@Test
	void startupWhenFailOnUnguardedFailsNamingTheMethod() {
		this.contextRunner.withUserConfiguration(UnguardedServiceConfiguration.class)
			.withPropertyValues("hipaa.grpc.security.authorization.fail-on-unguarded=true")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(HipaaGrpcSecurityConfigurationException.class)
				.hasMessageContaining("'hipaagrpc.test.v1.Unguarded/Peek'"));
	}

	@Test
	void startupWhenUnguardedMethodAndNotFailingDeniesItAtCallTime() {
		this.contextRunner.withUserConfiguration(UnguardedServiceConfiguration.class).run((context) -> {
			HipaaGrpcAuthorizationInterceptor gate = context.getBean(HipaaGrpcAuthorizationInterceptor.class);
			assertThat(gate.getRules().isDenied("hipaagrpc.test.v1.Unguarded/Peek")).isTrue();
			assertThat(gate.getRules().isDenied("hipaagrpc.test.v1.TestRecords/Read")).isFalse();
		});
	}

	@Test
	void startupWhenServiceIsJdkProxyFails() {
		this.contextRunner.withUserConfiguration(JdkProxyServiceConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(HipaaGrpcSecurityConfigurationException.class)
				.hasMessageContaining("JDK interface proxy"));
	}

	@Test
	void reflectionWhenNotEnabledIsOffByDefault() {
		this.contextRunner
			.withInitializer((context) -> new HipaaGrpcSecurityEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), new org.springframework.boot.SpringApplication()))
			.run((context) -> assertThat(
					context.getEnvironment().getProperty("spring.grpc.server.reflection.enabled", Boolean.class))
				.isFalse());
	}

	@Test
	void reflectionWhenExplicitlyEnabledStaysEnabled() {
		this.contextRunner.withPropertyValues("spring.grpc.server.reflection.enabled=true")
			.withInitializer((context) -> new HipaaGrpcSecurityEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), new org.springframework.boot.SpringApplication()))
			.run((context) -> assertThat(
					context.getEnvironment().getProperty("spring.grpc.server.reflection.enabled", Boolean.class))
				.isTrue());
	}

	@Test
	void securityWhenGrpcSecurityClassMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(GrpcSecurity.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAuthorizationInterceptor.class)
				.doesNotHaveBean(JwtPolicy.class));
	}

	@Test
	void jwtPolicyWhenUserDefinedWins() {
		JwtPolicy policy = new JwtPolicy(ISSUER, List.of("other-service"), Set.of("ES256"), Duration.ZERO,
				Duration.ofMinutes(10));
		this.contextRunner.withBean("userJwtPolicy", JwtPolicy.class, () -> policy)
			.run((context) -> assertThat(context).getBean(JwtPolicy.class).isSameAs(policy));
	}

	@Test
	void verifiedTokenCacheWhenUserDefinedWins() {
		VerifiedTokenCache cache = new VerifiedTokenCache(10, Duration.ofSeconds(5), Clock.systemUTC());
		this.contextRunner.withBean("userTokenCache", VerifiedTokenCache.class, () -> cache)
			.run((context) -> assertThat(context).getBean(VerifiedTokenCache.class).isSameAs(cache));
	}

	@Test
	void methodSecurityWhenUserAlsoEnablesItStillEnforcesRules() {
		this.contextRunner
			.withUserConfiguration(UserMethodSecurityConfiguration.class, PermissiveDecoderConfiguration.class)
			.run((context) -> {
				ManagedChannel channel = InProcessChannelBuilder.forName("hipaa-grpc-tests").build();
				try {
					assertThat(read(channel, "good-audience").getPrincipal()).isEqualTo("user-good-audience");
					assertThatExceptionOfType(StatusRuntimeException.class)
						.isThrownBy(() -> TestRecordsGrpc.newBlockingStub(channel)
							.withCallCredentials(SecuredChannels.bearer("good-audience"))
							.update(RecordRequest.newBuilder().setId("x").build()))
						.satisfies(
								(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
				}
				finally {
					channel.shutdownNow();
				}
			});
	}

	@Test
	void peerCertificateResolverWhenMeshModeOffReadsTheTlsSessionOnly() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(PeerCertificateResolver.class)
			.hasSingleBean(TlsSessionPeerCertificateResolver.class)
			.doesNotHaveBean(ForwardedPeerCertificateResolver.class));
	}

	@Test
	void peerCertificateResolverWhenMeshModeOnReadsTheForwardedHeaderOnly() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.mesh.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(PeerCertificateResolver.class)
				.hasSingleBean(ForwardedPeerCertificateResolver.class)
				.doesNotHaveBean(TlsSessionPeerCertificateResolver.class));
	}

	@Test
	void peerCertificateResolverWhenIdentitySourcesEmptyFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("hipaa.grpc.security.peer-certificate.identity-sources=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.security.peer-certificate.identity-sources"));
	}

	@Test
	void peerCertificateResolverWhenIdentitySourcesEmptyInMeshModeFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.tls.mesh.enabled=true",
					"hipaa.grpc.security.peer-certificate.identity-sources=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.security.peer-certificate.identity-sources"));
	}

	@Test
	void peerCertificateResolverWhenUserDefinesOneUserBeanWins() {
		PeerCertificateResolver userResolver = (headers, attributes) -> null;
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.mesh.enabled=true")
			.withBean(PeerCertificateResolver.class, () -> userResolver)
			.run((context) -> assertThat(context).getBean(PeerCertificateResolver.class).isSameAs(userResolver));
	}

	@Test
	void trustedProxiesWhenEntriesAreAddressesAndRangesStarts() {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.tls.mesh.enabled=true",
					"hipaa.grpc.tls.mesh.trusted-proxies=127.0.0.6, 127.0.0.0/8,::1/128,fd00::/8")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ForwardedPeerCertificateResolver.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sidecar.local", "localhost", "127.0.0.1/33", "127.0.0.1/-1", "127.0.0.1/x", "127.0.0.1/",
			"::1/129" })
	void trustedProxiesWhenEntryIsNotAnAddressOrRangeFailsNamingThePropertyAndEntry(String entry) {
		this.contextRunner
			.withPropertyValues("hipaa.grpc.tls.mesh.enabled=true", "hipaa.grpc.tls.mesh.trusted-proxies=" + entry)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("hipaa.grpc.tls.mesh.trusted-proxies")
				.hasMessageContaining("'" + entry + "'"));
	}

	@Test
	void trustedProxiesWhenMeshModeOffAreNotRead() {
		this.contextRunner.withPropertyValues("hipaa.grpc.tls.mesh.trusted-proxies=sidecar.local")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static RecordReply read(ManagedChannel channel, String token) {
		return TestRecordsGrpc.newBlockingStub(channel)
			.withCallCredentials(SecuredChannels.bearer(token))
			.read(RecordRequest.newBuilder().setId("x").build());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConverterConfiguration {

		final JwtAuthenticationConverter converter = new JwtAuthenticationConverter();

		@Bean
		JwtAuthenticationConverter userJwtAuthenticationConverter() {
			return this.converter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptorConfiguration {

		@Bean
		AuthenticationProcessInterceptor userAuthenticationInterceptor() {
			return new AuthenticationProcessInterceptor((authentication) -> authentication,
					(headers, attributes, method) -> null, (authentication, call) -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PermissiveDecoderConfiguration {

		final AtomicInteger decoded = new AtomicInteger();

		@Bean
		JwtDecoder userJwtDecoder() {
			return (token) -> {
				this.decoded.incrementAndGet();
				String audience = token.equals("other-audience") ? "billing-service" : "clinical-records";
				String algorithm = token.equals("hs256") ? "HS256" : "RS256";
				Instant now = Instant.now();
				return Jwt.withTokenValue(token)
					.header("alg", algorithm)
					.issuer(ISSUER)
					.audience(List.of(audience))
					.subject("user-" + token)
					.claim("roles", List.of("PROVIDER"))
					.issuedAt(now)
					.expiresAt(now.plus(Duration.ofMinutes(5)))
					.build();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class UserMethodSecurityConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UnguardedServiceConfiguration {

		@Bean
		UnguardedService unguardedService() {
			return new UnguardedService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JdkProxyServiceConfiguration {

		@Bean
		BindableService jdkProxiedService() {
			ProxyFactory factory = new ProxyFactory(new TestRecordsService());
			factory.setInterfaces(BindableService.class, TestRecordsGrpc.AsyncService.class);
			factory.setProxyTargetClass(false);
			return (BindableService) factory.getProxy();
		}

	}

}
