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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JwtPolicy}.
 */
class JwtPolicyTests {

	private static final String ISSUER = "https://issuer.hipaa-grpc.test";

	private static final List<String> AUDIENCES = List.of("clinical-records");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final Duration LIFETIME = Duration.ofHours(1);

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "PS256", "EdDSA" })
	void createWhenAlgorithmIsAsymmetricAcceptsIt(String algorithm) {
		JwtPolicy policy = new JwtPolicy(ISSUER, AUDIENCES, Set.of(algorithm), SKEW, LIFETIME);
		assertThat(policy.algorithms()).containsExactly(algorithm);
		assertThat(JwtPolicy.isAsymmetric(algorithm)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "HS256", "HS384", "HS512", "none", "NONE", "rs256", "" })
	void createWhenAlgorithmIsNotAsymmetricThrowsException(String algorithm) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, AUDIENCES, Set.of(algorithm), SKEW, LIFETIME))
			.withMessage("'algorithms' must only hold asymmetric algorithms");
		assertThat(JwtPolicy.isAsymmetric(algorithm)).isFalse();
	}

	@Test
	void createWhenSymmetricAlgorithmIsMixedInThrowsException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, AUDIENCES, Set.of("RS256", "HS256"), SKEW, LIFETIME))
			.withMessage("'algorithms' must only hold asymmetric algorithms");
	}

	@Test
	void createWhenAlgorithmsEmptyThrowsException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, AUDIENCES, Set.of(), SKEW, LIFETIME))
			.withMessage("'algorithms' must not be empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " " })
	void createWhenIssuerEmptyThrowsException(String issuer) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(issuer, AUDIENCES, Set.of("RS256"), SKEW, LIFETIME))
			.withMessage("'issuer' must not be empty");
	}

	@Test
	void createWhenAudiencesEmptyThrowsException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, List.of(), Set.of("RS256"), SKEW, LIFETIME))
			.withMessage("'audiences' must not be empty");
	}

	@Test
	void createWhenClockSkewNegativeThrowsException() {
		Duration skew = Duration.ofSeconds(-1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, AUDIENCES, Set.of("RS256"), skew, LIFETIME))
			.withMessage("'clockSkew' must be between 0 and PT5M");
	}

	@Test
	void createWhenClockSkewAboveFiveMinutesThrowsException() {
		Duration skew = JwtPolicy.MAX_CLOCK_SKEW.plusSeconds(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, AUDIENCES, Set.of("RS256"), skew, LIFETIME))
			.withMessage("'clockSkew' must be between 0 and PT5M");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT0S", "PT5M" })
	void createWhenClockSkewAtBoundAcceptsIt(Duration skew) {
		JwtPolicy policy = new JwtPolicy(ISSUER, AUDIENCES, Set.of("RS256"), skew, LIFETIME);
		assertThat(policy.clockSkew()).isEqualTo(skew);
	}

	@ParameterizedTest
	@ValueSource(strings = { "PT0S", "-PT1S" })
	void createWhenMaxTokenLifetimeNotPositiveThrowsException(Duration lifetime) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtPolicy(ISSUER, AUDIENCES, Set.of("RS256"), SKEW, lifetime))
			.withMessage("'maxTokenLifetime' must be positive");
	}

	@Test
	void createWhenAudiencesChangeLaterKeepsCopy() {
		List<String> audiences = new ArrayList<>(AUDIENCES);
		JwtPolicy policy = new JwtPolicy(ISSUER, audiences, Set.of("RS256"), SKEW, LIFETIME);
		audiences.add("billing");
		assertThat(policy.audiences()).containsExactly("clinical-records");
	}

}
