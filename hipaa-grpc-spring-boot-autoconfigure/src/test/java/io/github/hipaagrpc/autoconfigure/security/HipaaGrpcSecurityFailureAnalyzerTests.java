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

import io.github.hipaagrpc.security.HipaaGrpcSecurityConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcSecurityFailureAnalyzer}.
 */
class HipaaGrpcSecurityFailureAnalyzerTests {

	@Test
	void analyzeWhenSecurityConfigurationFailsDescribesProblemAndAction() {
		HipaaGrpcSecurityConfigurationException failure = new HipaaGrpcSecurityConfigurationException(
				"gRPC methods without an access rule: 'a.B/C'", "Annotate each method");
		FailureAnalysis analysis = new HipaaGrpcSecurityFailureAnalyzer()
			.analyze(new IllegalStateException("Context failed", failure));
		assertThat(analysis).extracting(FailureAnalysis::getDescription, FailureAnalysis::getAction)
			.containsExactly("gRPC methods without an access rule: 'a.B/C'", "Annotate each method");
	}

	@Test
	void analyzeWhenOtherFailureReturnsNull() {
		assertThat(new HipaaGrpcSecurityFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

}
