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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.autoconfigure.tls.HipaaGrpcTlsProperties;
import io.github.hipaagrpc.security.ForwardedPeerCertificateResolver;
import io.github.hipaagrpc.security.HipaaGrpcAuthorizationInterceptor;
import io.github.hipaagrpc.security.HipaaGrpcJwtDecoder;
import io.github.hipaagrpc.security.HipaaGrpcSecurityConfigurationException;
import io.github.hipaagrpc.security.JwtPolicy;
import io.github.hipaagrpc.security.LinkerdClientIdResolver;
import io.github.hipaagrpc.security.ObservedJwkSet;
import io.github.hipaagrpc.security.PeerCertificateAuthenticationExtractor;
import io.github.hipaagrpc.security.PeerCertificateAuthenticationProvider;
import io.github.hipaagrpc.security.PeerCertificateIdentity;
import io.github.hipaagrpc.security.PeerCertificateIdentityInterceptor;
import io.github.hipaagrpc.security.PeerCertificateResolver;
import io.github.hipaagrpc.security.TlsSessionPeerCertificateResolver;
import io.github.hipaagrpc.security.VerifiedTokenCache;
import io.grpc.BindableService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.DelegatingJwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.security.util.matcher.InetAddressMatchers;
import org.springframework.util.StringUtils;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for authentication and
 * deny-by-default method authorization of gRPC calls. Security has no off switch: with no
 * way to authenticate callers the application does not start.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
		beforeName = {
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.security.GrpcServerOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnClass({ BindableService.class, GrpcSecurity.class, JwtDecoder.class, OAuth2ResourceServerProperties.class,
		Caffeine.class })
@EnableConfigurationProperties({ HipaaGrpcSecurityProperties.class, OAuth2ResourceServerProperties.class })
@Import({ HipaaGrpcSecurityAutoConfiguration.MethodSecurityConfiguration.class,
		HipaaGrpcSecurityAutoConfiguration.JwkSetConfiguration.class,
		HipaaGrpcSecurityAutoConfiguration.ServerSecurityConfiguration.class,
		HipaaGrpcSecurityAutoConfiguration.ServletServerConfiguration.class })
public final class HipaaGrpcSecurityAutoConfiguration {

	private static final String JWT_PREFIX = "spring.security.oauth2.resourceserver.jwt.";

	private static final String MESH_ENABLED_PROPERTY = "hipaa.grpc.tls.mesh.enabled";

	HipaaGrpcSecurityAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	JwtPolicy jwtPolicy(OAuth2ResourceServerProperties resourceServerProperties,
			HipaaGrpcSecurityProperties properties) {
		OAuth2ResourceServerProperties.Jwt jwt = resourceServerProperties.getJwt();
		return new JwtPolicy(requireIssuer(jwt), requireAudiences(jwt), requireAsymmetric(jwt),
				requireClockSkew(properties), properties.getJwt().getMaxTokenLifetime());
	}

	private static String requireIssuer(OAuth2ResourceServerProperties.Jwt jwt) {
		String issuer = jwt.getIssuerUri();
		if (!StringUtils.hasText(issuer)) {
			throw new InvalidConfigurationPropertyValueException(JWT_PREFIX + "issuer-uri", issuer,
					"An issuer is required: every token's 'iss' claim is checked against it");
		}
		return issuer;
	}

	private static List<String> requireAudiences(OAuth2ResourceServerProperties.Jwt jwt) {
		List<String> audiences = jwt.getAudiences().stream().filter(StringUtils::hasText).toList();
		if (audiences.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(JWT_PREFIX + "audiences", null,
					"An audience is required: tokens must name this service in their 'aud' claim");
		}
		return audiences;
	}

	private static Set<String> requireAsymmetric(OAuth2ResourceServerProperties.Jwt jwt) {
		Set<String> algorithms = new LinkedHashSet<>(jwt.getJwsAlgorithms());
		for (String algorithm : algorithms) {
			if (!JwtPolicy.isAsymmetric(algorithm)) {
				throw new InvalidConfigurationPropertyValueException(JWT_PREFIX + "jws-algorithms", algorithm,
						"Only asymmetric signature algorithms such as RS256, PS256 or ES256 are accepted");
			}
		}
		if (algorithms.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(JWT_PREFIX + "jws-algorithms", null,
					"At least one asymmetric signature algorithm is required");
		}
		return algorithms;
	}

	private static java.time.Duration requireClockSkew(HipaaGrpcSecurityProperties properties) {
		java.time.Duration skew = properties.getJwt().getClockSkew();
		if (skew.isNegative() || skew.compareTo(JwtPolicy.MAX_CLOCK_SKEW) > 0) {
			throw new InvalidConfigurationPropertyValueException("hipaa.grpc.security.jwt.clock-skew", skew,
					"The clock skew must be between 0 and " + JwtPolicy.MAX_CLOCK_SKEW);
		}
		return skew;
	}

	private static List<PeerCertificateIdentity.Source> requireIdentitySources(HipaaGrpcSecurityProperties properties) {
		List<PeerCertificateIdentity.Source> sources = properties.getPeerCertificate().getIdentitySources();
		if (sources.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(
					"hipaa.grpc.security.peer-certificate.identity-sources", "",
					"Name at least one part of a client certificate: uri-san, dns-san or common-name");
		}
		return sources;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "hipaa.grpc.security.token-cache.enabled", matchIfMissing = true)
	VerifiedTokenCache verifiedTokenCache(HipaaGrpcSecurityProperties properties) {
		HipaaGrpcSecurityProperties.TokenCache cache = properties.getTokenCache();
		return new VerifiedTokenCache(cache.getMaximumSize(), cache.getTimeToLive(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationConverter jwtAuthenticationConverter(OAuth2ResourceServerProperties resourceServerProperties,
			HipaaGrpcSecurityProperties properties) {
		OAuth2ResourceServerProperties.Jwt jwt = resourceServerProperties.getJwt();
		PropertyMapper map = PropertyMapper.get();
		JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
		map.from(jwt::getAuthorityPrefix).to(scopes::setAuthorityPrefix);
		map.from(jwt::getAuthoritiesClaimDelimiter).to(scopes::setAuthoritiesClaimDelimiter);
		map.from(jwt::getAuthoritiesClaimName).to(scopes::setAuthoritiesClaimName);
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthorityPrefix("ROLE_");
		roles.setAuthoritiesClaimName(properties.getJwt().getRolesClaim());
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		map.from(jwt::getPrincipalClaimName).to(converter::setPrincipalClaimName);
		converter.setJwtGrantedAuthoritiesConverter(new DelegatingJwtGrantedAuthoritiesConverter(scopes, roles));
		return converter;
	}

	/**
	 * Authentication and the deny-by-default gate for Spring Boot's standalone gRPC
	 * server.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(GrpcServerFactory.class)
	static class ServerSecurityConfiguration {

		@Bean
		@GlobalServerInterceptor
		@Order(HipaaGrpcInterceptorOrder.AUTHENTICATION)
		AuthenticationProcessInterceptor authenticationProcessInterceptor(ObjectProvider<GrpcSecurity> grpcSecurities,
				ObjectProvider<JwtDecoder> jwtDecoder, JwtPolicy jwtPolicy,
				ObjectProvider<VerifiedTokenCache> tokenCache, JwtAuthenticationConverter jwtAuthenticationConverter,
				PeerCertificateAuthenticationExtractor peerCertificateExtractor,
				PeerCertificateAuthenticationProvider peerCertificateProvider) throws Exception {
			JwtDecoder decoder = jwtDecoder.getIfAvailable();
			if (decoder == null) {
				throw new HipaaGrpcSecurityConfigurationException("No way to authenticate gRPC callers is configured",
						"Set '" + JWT_PREFIX + "jwk-set-uri' (with 'issuer-uri' and 'audiences') or define a "
								+ "JwtDecoder bean");
			}
			GrpcSecurity grpcSecurity = grpcSecurities.getIfAvailable();
			if (grpcSecurity == null) {
				throw new HipaaGrpcSecurityConfigurationException(
						"Spring gRPC's GrpcSecurity is missing, so gRPC callers cannot be authenticated",
						"Do not exclude Spring Boot's GrpcServerSecurityAutoConfiguration");
			}
			HipaaGrpcJwtDecoder hardened = new HipaaGrpcJwtDecoder(decoder, jwtPolicy, tokenCache.getIfAvailable());
			grpcSecurity.authorizeRequests((
					requests) -> requests.methods("grpc.health.v1.Health/*").permitAll().allRequests().authenticated());
			grpcSecurity.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(hardened).jwtAuthenticationConverter(jwtAuthenticationConverter)));
			grpcSecurity.authenticationExtractor(peerCertificateExtractor);
			grpcSecurity.authenticationProvider(peerCertificateProvider);
			return grpcSecurity.build();
		}

		@Bean
		@ConditionalOnMissingBean
		PeerCertificateAuthenticationExtractor peerCertificateAuthenticationExtractor(
				PeerCertificateResolver peerCertificateResolver) {
			return new PeerCertificateAuthenticationExtractor(peerCertificateResolver);
		}

		@Bean
		@ConditionalOnMissingBean
		PeerCertificateAuthenticationProvider peerCertificateAuthenticationProvider(
				HipaaGrpcSecurityProperties properties) {
			HipaaGrpcSecurityProperties.PeerCertificate peerCertificate = properties.getPeerCertificate();
			return new PeerCertificateAuthenticationProvider(peerCertificate.getAuthorities(),
					peerCertificate.getIdentityAuthorities());
		}

		@Bean
		@GlobalServerInterceptor
		PeerCertificateIdentityInterceptor peerCertificateIdentityInterceptor(
				PeerCertificateAuthenticationExtractor peerCertificateExtractor) {
			return new PeerCertificateIdentityInterceptor(peerCertificateExtractor);
		}

		@Bean
		@GlobalServerInterceptor
		HipaaGrpcAuthorizationInterceptor hipaaGrpcAuthorizationInterceptor() {
			return new HipaaGrpcAuthorizationInterceptor();
		}

		@Bean
		GrpcMethodRulesInspector grpcMethodRulesInspector(ListableBeanFactory beanFactory,
				HipaaGrpcAuthorizationInterceptor authorizationInterceptor, HipaaGrpcSecurityProperties properties) {
			return new GrpcMethodRulesInspector(beanFactory, authorizationInterceptor,
					properties.getAuthorization().isFailOnUnguarded());
		}

		/**
		 * Identities of calling services from the client certificate of each call's TLS
		 * session.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = MESH_ENABLED_PROPERTY, havingValue = false, matchIfMissing = true)
		static class TlsSessionIdentityConfiguration {

			@Bean
			@ConditionalOnMissingBean(PeerCertificateResolver.class)
			TlsSessionPeerCertificateResolver tlsSessionPeerCertificateResolver(
					HipaaGrpcSecurityProperties properties) {
				return new TlsSessionPeerCertificateResolver(requireIdentitySources(properties));
			}

		}

		/**
		 * Identities of calling services from the header that a trusted service mesh
		 * sidecar sets, in mesh mode.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = MESH_ENABLED_PROPERTY)
		@EnableConfigurationProperties(HipaaGrpcTlsProperties.class)
		static class ForwardedIdentityConfiguration {

			private static final String TRUSTED_PROXIES_PROPERTY = "hipaa.grpc.tls.mesh.trusted-proxies";

			private static final Pattern CIDR_SUFFIX = Pattern.compile("/\\d{1,3}$");

			private static final String PROXY_PROPERTY = "hipaa.grpc.tls.mesh.proxy";

			@Bean
			@ConditionalOnMissingBean(PeerCertificateResolver.class)
			@ConditionalOnProperty(name = PROXY_PROPERTY, havingValue = "envoy", matchIfMissing = true)
			ForwardedPeerCertificateResolver forwardedPeerCertificateResolver(HipaaGrpcTlsProperties tlsProperties,
					HipaaGrpcSecurityProperties properties) {
				return new ForwardedPeerCertificateResolver(trustedProxies(tlsProperties),
						requireIdentitySources(properties));
			}

			@Bean
			@ConditionalOnMissingBean(PeerCertificateResolver.class)
			@ConditionalOnProperty(name = PROXY_PROPERTY, havingValue = "linkerd")
			LinkerdClientIdResolver linkerdClientIdResolver(HipaaGrpcTlsProperties tlsProperties,
					HipaaGrpcSecurityProperties properties) {
				if (!requireIdentitySources(properties).contains(PeerCertificateIdentity.Source.DNS_SAN)) {
					throw new InvalidConfigurationPropertyValueException(
							"hipaa.grpc.security.peer-certificate.identity-sources",
							properties.getPeerCertificate().getIdentitySources(),
							"Linkerd identifies workloads by DNS name: include dns-san, or callers have no "
									+ "service identity");
				}
				return new LinkerdClientIdResolver(trustedProxies(tlsProperties));
			}

			private static List<InetAddressMatcher> trustedProxies(HipaaGrpcTlsProperties tlsProperties) {
				return tlsProperties.getMesh()
					.getTrustedProxies()
					.stream()
					.map(ForwardedIdentityConfiguration::trustedProxy)
					.toList();
			}

			private static InetAddressMatcher trustedProxy(String entry) {
				String address = entry.strip();
				if (address.contains("/") && !CIDR_SUFFIX.matcher(address).find()) {
					throw invalidTrustedProxy(entry);
				}
				try {
					return InetAddressMatchers.fromIpAddress(address);
				}
				catch (IllegalArgumentException ex) {
					throw invalidTrustedProxy(entry);
				}
			}

			private static InvalidConfigurationPropertyValueException invalidTrustedProxy(String entry) {
				return new InvalidConfigurationPropertyValueException(TRUSTED_PROXIES_PROPERTY, entry,
						"Each trusted proxy must be an IP address or a CIDR range such as '127.0.0.6/32' or "
								+ "'::1/128', with no host names");
			}

		}

	}

	/**
	 * Refuses to start a gRPC server running in a servlet container, which this starter
	 * does not secure yet.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(type = "org.springframework.boot.grpc.server.GrpcServletRegistration")
	static class ServletServerConfiguration {

		@Bean
		Object hipaaGrpcServletServerGuard() {
			throw new HipaaGrpcSecurityConfigurationException(
					"gRPC security can only be applied to Spring Boot's standalone gRPC server",
					"Serve gRPC with the standalone server: set 'spring.grpc.server.servlet.enabled' to false");
		}

	}

	/**
	 * Method security for gRPC service beans, always proxied by class.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity(securedEnabled = true, jsr250Enabled = true, proxyTargetClass = true)
	static class MethodSecurityConfiguration {

	}

	/**
	 * Observed JWK Set for the decoder that Spring Boot builds from a JWK Set URI.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = "spring.security.oauth2.resourceserver.jwt", name = "jwk-set-uri")
	static class JwkSetConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObservedJwkSet observedJwkSet(OAuth2ResourceServerProperties resourceServerProperties,
				HipaaGrpcSecurityProperties properties, ApplicationEventPublisher publisher,
				ObjectProvider<VerifiedTokenCache> tokenCache) {
			String jwkSetUri = resourceServerProperties.getJwt().getJwkSetUri();
			VerifiedTokenCache cache = tokenCache.getIfAvailable();
			return new ObservedJwkSet((jwkSetUri != null) ? jwkSetUri : "",
					properties.getJwt().getJwksRefreshInterval(), publisher, (withdrawn) -> evict(cache, withdrawn));
		}

		private static void evict(@Nullable VerifiedTokenCache cache, Set<String> withdrawn) {
			if (cache == null) {
				return;
			}
			if (withdrawn.stream().anyMatch(ObservedJwkSet::isUnidentified)) {
				cache.clear();
				return;
			}
			cache.evictKeys(withdrawn);
		}

		@Bean
		JwkSetUriJwtDecoderBuilderCustomizer jwkSetUriJwtDecoderBuilderCustomizer(ObservedJwkSet jwkSet,
				JwtPolicy jwtPolicy) {
			Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
			jwtPolicy.algorithms().forEach((name) -> algorithms.add(JWSAlgorithm.parse(name)));
			JWSVerificationKeySelector<SecurityContext> selector = new JWSVerificationKeySelector<>(algorithms,
					jwkSet.getSource());
			return (builder) -> builder.jwtProcessorCustomizer((processor) -> processor.setJWSKeySelector(selector));
		}

	}

}
