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

package io.github.hipaagrpc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcInterceptorOrder}.
 */
class HipaaGrpcInterceptorOrderTests {

	@Test
	void layersHaveDistinctOrdersInTheDocumentedSequence() {
		List<Field> constants = Arrays.stream(HipaaGrpcInterceptorOrder.class.getDeclaredFields())
			.filter((field) -> Modifier.isStatic(field.getModifiers()) && field.getType() == int.class)
			.toList();
		List<Integer> orders = constants.stream().map(HipaaGrpcInterceptorOrderTests::value).toList();
		assertThat(orders).doesNotHaveDuplicates();
		List<String> sequence = constants.stream()
			.sorted(Comparator.comparingInt(HipaaGrpcInterceptorOrderTests::value))
			.map(Field::getName)
			.toList();
		assertThat(sequence).containsExactly("OBSERVATION", "CORRELATION", "AUDIT", "ERROR", "ADDRESS_LIMIT",
				"AUTHENTICATION", "PEER_IDENTITY", "AUDIT_SUBJECT", "ACCESS_CONTEXT", "ACCESS_TIME_WINDOW",
				"AUDIT_ACCESS", "BREAK_GLASS", "AUDIT_EMERGENCY", "LOGOFF", "CONSUMER_LIMIT", "VALIDATION",
				"AUTHORIZATION");
	}

	private static int value(Field field) {
		try {
			return field.getInt(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
