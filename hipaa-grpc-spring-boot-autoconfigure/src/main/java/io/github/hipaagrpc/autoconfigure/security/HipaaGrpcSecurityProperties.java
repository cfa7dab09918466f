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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hipaagrpc.security.PeerCertificateIdentity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for authentication and method authorization of gRPC calls.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.security")
public class HipaaGrpcSecurityProperties {

	private final Jwt jwt = new Jwt();

	private final TokenCache tokenCache = new TokenCache();

	private final Authorization authorization = new Authorization();

	private final PeerCertificate peerCertificate = new PeerCertificate();

	public Jwt getJwt() {
		return this.jwt;
	}

	public TokenCache getTokenCache() {
		return this.tokenCache;
	}

	public Authorization getAuthorization() {
		return this.authorization;
	}

	public PeerCertificate getPeerCertificate() {
		return this.peerCertificate;
	}

	/**
	 * JWT checks that Spring Boot's resource server properties lack.
	 */
	public static class Jwt {

		/**
		 * Clock skew tolerated when checking the exp, nbf and iat claims. At most 5
		 * minutes.
		 */
		private Duration clockSkew = Duration.ofSeconds(30);

		/**
		 * Maximum lifetime of an accepted token, measured from its iat claim (or from now
		 * when absent) to its exp claim.
		 */
		private Duration maxTokenLifetime = Duration.ofHours(1);

		/**
		 * Name of the claim holding the caller's roles, each mapped to a ROLE_ authority.
		 */
		private String rolesClaim = "roles";

		/**
		 * How long a fetched JWK Set is used before it is fetched again. Keys added to or
		 * withdrawn from the set are noticed within this interval.
		 */
		private Duration jwksRefreshInterval = Duration.ofMinutes(5);

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Duration getMaxTokenLifetime() {
			return this.maxTokenLifetime;
		}

		public void setMaxTokenLifetime(Duration maxTokenLifetime) {
			this.maxTokenLifetime = maxTokenLifetime;
		}

		public String getRolesClaim() {
			return this.rolesClaim;
		}

		public void setRolesClaim(String rolesClaim) {
			this.rolesClaim = rolesClaim;
		}

		public Duration getJwksRefreshInterval() {
			return this.jwksRefreshInterval;
		}

		public void setJwksRefreshInterval(Duration jwksRefreshInterval) {
			this.jwksRefreshInterval = jwksRefreshInterval;
		}

	}

	/**
	 * Cache of verified tokens that lets a repeated token skip signature verification.
	 */
	public static class TokenCache {

		/**
		 * Whether to cache verified tokens.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of verified tokens kept.
		 */
		private long maximumSize = 10_000;

		/**
		 * Longest time a verified token is kept. An entry never outlives the token's exp
		 * claim.
		 */
		private Duration timeToLive = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

	}

	/**
	 * Method authorization settings.
	 */
	public static class Authorization {

		/**
		 * Whether a served gRPC method without an access rule fails startup instead of
		 * being denied at call time.
		 */
		private boolean failOnUnguarded;

		public boolean isFailOnUnguarded() {
			return this.failOnUnguarded;
		}

		public void setFailOnUnguarded(boolean failOnUnguarded) {
			this.failOnUnguarded = failOnUnguarded;
		}

	}

	/**
	 * Authentication of services by the client certificate they present in the TLS
	 * handshake, when Spring Boot's spring.grpc.server.ssl.client-auth asks for one.
	 */
	public static class PeerCertificate {

		/**
		 * Comma-separated list of the parts of a client certificate that name the
		 * service, tried in order.
		 */
		private List<PeerCertificateIdentity.Source> identitySources = new ArrayList<>(
				List.of(PeerCertificateIdentity.Source.URI_SAN, PeerCertificateIdentity.Source.DNS_SAN,
						PeerCertificateIdentity.Source.COMMON_NAME));

		/**
		 * Comma-separated list of authorities granted to every service that authenticates
		 * with a client certificate and no bearer token.
		 */
		private List<String> authorities = new ArrayList<>(List.of("ROLE_SERVICE"));

		/**
		 * Further authorities granted to services by certificate identity.
		 */
		private Map<String, List<String>> identityAuthorities = new LinkedHashMap<>();

		public List<PeerCertificateIdentity.Source> getIdentitySources() {
			return this.identitySources;
		}

		public void setIdentitySources(List<PeerCertificateIdentity.Source> identitySources) {
			this.identitySources = identitySources;
		}

		public List<String> getAuthorities() {
			return this.authorities;
		}

		public void setAuthorities(List<String> authorities) {
			this.authorities = authorities;
		}

		public Map<String, List<String>> getIdentityAuthorities() {
			return this.identityAuthorities;
		}

		public void setIdentityAuthorities(Map<String, List<String>> identityAuthorities) {
			this.identityAuthorities = identityAuthorities;
		}

	}

}
