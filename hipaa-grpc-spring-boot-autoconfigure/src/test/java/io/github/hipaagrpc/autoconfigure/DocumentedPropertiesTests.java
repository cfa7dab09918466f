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

package io.github.hipaagrpc.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the property reference in {@code docs/properties.md} lists every property in
 * the generated configuration metadata.
 */
class DocumentedPropertiesTests {

	@Test
	void propertyReferenceWhenReadListsEveryGeneratedProperty() throws IOException {
		String reference = Files.readString(Path.of("..", "docs", "properties.md"), StandardCharsets.UTF_8);
		List<String> names = generatedPropertyNames();
		assertThat(names).isNotEmpty();
		assertThat(names).allSatisfy((name) -> assertThat(reference).contains("`" + name + "`"));
	}

	@SuppressWarnings("unchecked")
	private List<String> generatedPropertyNames() throws IOException {
		ClassPathResource metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json");
		try (InputStream input = metadata.getInputStream()) {
			String json = StreamUtils.copyToString(input, StandardCharsets.UTF_8);
			Map<String, Object> root = JsonParserFactory.getJsonParser().parseMap(json);
			List<Map<String, Object>> properties = (List<Map<String, Object>>) root.get("properties");
			return properties.stream()
				.map((property) -> (String) property.get("name"))
				.filter((name) -> name.startsWith("hipaa.grpc."))
				.toList();
		}
	}

}
