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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;

/**
 * {@link JwtDecoder} that puts the mandatory {@link JwtPolicy} checks and the
 * verified-token cache in front of any other decoder. The delegate verifies the signature
 * and may add checks of its own; it can never remove the mandatory ones. Failures carry a
 * fixed message and no cause, so that neither the token nor its claims reach a log line
 * or a status description.
 *
 * @since 0.1.0
 */
public class HipaaGrpcJwtDecoder implements JwtDecoder {

	private static final Log logger = LogFactory.getLog(HipaaGrpcJwtDecoder.class);

	private final JwtDecoder delegate;

	private final JwtPolicyValidator validator;

	private final @Nullable VerifiedTokenCache cache;

	/**
	 * Create a new decoder.
	 * @param delegate the decoder that verifies signatures
	 * @param policy the mandatory checks
	 * @param cache the verified-token cache, or {@code null} to verify every token
	 */
	public HipaaGrpcJwtDecoder(JwtDecoder delegate, JwtPolicy policy, @Nullable VerifiedTokenCache cache) {
		this(delegate, policy, cache, Clock.systemUTC());
	}

	/**
	 * Create a new decoder with the given clock.
	 * @param delegate the decoder that verifies signatures
	 * @param policy the mandatory checks
	 * @param cache the verified-token cache, or {@code null} to verify every token
	 * @param clock the clock that tells the current time
	 */
	public HipaaGrpcJwtDecoder(JwtDecoder delegate, JwtPolicy policy, @Nullable VerifiedTokenCache cache, Clock clock) {
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.isTrue(!(delegate instanceof HipaaGrpcJwtDecoder), "'delegate' must not be a HipaaGrpcJwtDecoder");
		this.delegate = delegate;
		this.validator = new JwtPolicyValidator(policy, clock);
		this.cache = cache;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = (this.cache != null) ? this.cache.get(token) : null;
		if (cached != null) {
			return checked(cached);
		}
		Jwt jwt = checked(verify(token));
		if (this.cache != null) {
			this.cache.put(token, jwt);
		}
		return jwt;
	}

	private Jwt verify(String token) {
		try {
			return this.delegate.decode(token);
		}
		catch (RuntimeException ex) {
			logger.debug(LogMessage.format("Rejected bearer token: '%s'", ex.getClass().getSimpleName()));
			throw new InvalidBearerTokenException("verification");
		}
	}

	private Jwt checked(Jwt jwt) {
		String failure = this.validator.check(jwt);
		if (failure != null) {
			logger.debug(LogMessage.format("Rejected bearer token: failed check '%s'", failure));
			throw new InvalidBearerTokenException(failure);
		}
		return jwt;
	}

	/**
	 * Exception thrown for a rejected token. Its message names the failed check only.
	 */
	static final class InvalidBearerTokenException extends BadJwtException {

		private final String reason;

		InvalidBearerTokenException(String reason) {
			super("Invalid bearer token");
			this.reason = reason;
		}

		String getReason() {
			return this.reason;
		}

	}

}
