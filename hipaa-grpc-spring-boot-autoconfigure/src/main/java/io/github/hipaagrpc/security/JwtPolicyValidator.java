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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Validator that applies a {@link JwtPolicy} to a decoded token. Its error descriptions
 * name the failed check only, never a claim value.
 *
 * @since 0.1.0
 */
public class JwtPolicyValidator implements OAuth2TokenValidator<Jwt> {

	private final JwtPolicy policy;

	private final Clock clock;

	/**
	 * Create a new validator.
	 * @param policy the policy to apply
	 * @param clock the clock that tells the current time
	 */
	public JwtPolicyValidator(JwtPolicy policy, Clock clock) {
		this.policy = policy;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		String failure = check(jwt);
		return (failure != null) ? OAuth2TokenValidatorResult.failure(error(failure))
				: OAuth2TokenValidatorResult.success();
	}

	/**
	 * Return the name of the first check the token fails, or {@code null}.
	 * @param jwt the decoded token
	 * @return the failed check, such as {@code expired}, or {@code null}
	 */
	public @Nullable String check(Jwt jwt) {
		Instant now = this.clock.instant();
		Duration skew = this.policy.clockSkew();
		if (!this.policy.algorithms().contains(String.valueOf(jwt.getHeaders().get("alg")))) {
			return "algorithm";
		}
		if (!this.policy.issuer().equals(jwt.getClaimAsString("iss"))) {
			return "issuer";
		}
		List<String> audiences = jwt.getAudience();
		if (audiences == null || Collections.disjoint(audiences, this.policy.audiences())) {
			return "audience";
		}
		return checkTimes(jwt, now, skew);
	}

	private @Nullable String checkTimes(Jwt jwt, Instant now, Duration skew) {
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null) {
			return "missing-expiry";
		}
		if (now.minus(skew).isAfter(expiresAt)) {
			return "expired";
		}
		Instant notBefore = jwt.getNotBefore();
		if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
			return "not-yet-valid";
		}
		Instant issuedAt = jwt.getIssuedAt();
		if (issuedAt != null && now.plus(skew).isBefore(issuedAt)) {
			return "issued-in-future";
		}
		Instant start = (issuedAt != null) ? issuedAt : now;
		Duration lifetime = Duration.between(start, expiresAt);
		if (lifetime.compareTo(this.policy.maxTokenLifetime().plus(skew)) > 0) {
			return "lifetime";
		}
		return null;
	}

	private OAuth2Error error(String check) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "Token failed check '" + check + "'", null);
	}

}
