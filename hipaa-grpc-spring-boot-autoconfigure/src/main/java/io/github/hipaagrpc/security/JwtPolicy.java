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

package io.github.hipaagrpc.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * Checks that every accepted bearer token must pass, whatever decoder verified it.
 *
 * @param issuer the only accepted {@code iss} claim
 * @param audiences the audiences of which the {@code aud} claim must hold at least one
 * @param algorithms the accepted JWS algorithms, all asymmetric
 * @param clockSkew the clock skew tolerated on time claims
 * @param maxTokenLifetime the longest accepted span from issue to expiry
 * @since 0.1.0
 */
public record JwtPolicy(String issuer, List<String> audiences, Set<String> algorithms, Duration clockSkew,
		Duration maxTokenLifetime) {

	/**
	 * Largest clock skew a policy accepts.
	 */
	public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

	private static final Set<String> ASYMMETRIC_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
			"PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519");

	/**
	 * Create a new policy, checking that it is safe.
	 * @param issuer the only accepted {@code iss} claim
	 * @param audiences the audiences of which the {@code aud} claim must hold at least
	 * one
	 * @param algorithms the accepted JWS algorithms, all asymmetric
	 * @param clockSkew the clock skew tolerated on time claims
	 * @param maxTokenLifetime the longest accepted span from issue to expiry
	 */
	public JwtPolicy {
		Assert.hasText(issuer, "'issuer' must not be empty");
		Assert.notEmpty(audiences, "'audiences' must not be empty");
		Assert.notEmpty(algorithms, "'algorithms' must not be empty");
		Assert.isTrue(algorithms.stream().allMatch(JwtPolicy::isAsymmetric),
				"'algorithms' must only hold asymmetric algorithms");
		Assert.isTrue(!clockSkew.isNegative() && clockSkew.compareTo(MAX_CLOCK_SKEW) <= 0,
				() -> "'clockSkew' must be between 0 and " + MAX_CLOCK_SKEW);
		Assert.isTrue(!maxTokenLifetime.isNegative() && !maxTokenLifetime.isZero(),
				"'maxTokenLifetime' must be positive");
		audiences = List.copyOf(audiences);
		algorithms = Set.copyOf(algorithms);
	}

	/**
	 * Return whether the given JWS algorithm name is an asymmetric signature algorithm.
	 * @param algorithm the JWS algorithm name
	 * @return whether the algorithm is asymmetric
	 */
	public static boolean isAsymmetric(String algorithm) {
		return ASYMMETRIC_ALGORITHMS.contains(algorithm);
	}

}
