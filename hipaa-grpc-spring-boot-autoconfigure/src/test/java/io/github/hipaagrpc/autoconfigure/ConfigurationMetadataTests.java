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
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata generated from the properties classes and merged
 * with the additional metadata.
 */
class ConfigurationMetadataTests {

	private static final String GENERATED = "META-INF/spring-configuration-metadata.json";

	private static final String ADDITIONAL = "META-INF/additional-spring-configuration-metadata.json";

	private static final String PREFIX = "hipaa.grpc.";

	@Test
	void generatedMetadataDescribesOurProperties() throws IOException {
		assertThat(ourProperties()).isNotEmpty();
	}

	@Test
	void generatedMetadataHasDescriptionForEveryProperty() throws IOException {
		assertThat(ourProperties())
			.allSatisfy((property) -> assertThat(description(property)).as(name(property)).isNotBlank());
	}

	@Test
	void generatedMetadataHasNoDescriptionStartingWithArticle() throws IOException {
		assertThat(ourProperties()).allSatisfy((property) -> assertThat(description(property)).as(name(property))
			.doesNotStartWith("The ")
			.doesNotStartWith("A ")
			.doesNotStartWith("An "));
	}

	@Test
	void generatedMetadataHasBooleanDescriptionsStartingWithWhether() throws IOException {
		List<Map<String, Object>> booleans = ourProperties().stream()
			.filter(ConfigurationMetadataTests::isBoolean)
			.toList();
		assertThat(booleans).isNotEmpty()
			.allSatisfy((property) -> assertThat(description(property)).as(name(property)).startsWith("Whether "));
	}

	@Test
	void generatedMetadataHasDescriptionsEndingWithPeriodLikeSpringBoot() throws IOException {
		assertThat(ourProperties()).allSatisfy(
				(property) -> assertThat(description(property)).as(name(property)).endsWith(".").doesNotEndWith(".."));
	}

	@Test
	void additionalMetadataIsSortedByName() throws IOException {
		List<String> names = names(additionalProperties());
		List<String> sorted = new ArrayList<>(names);
		Collections.sort(sorted);
		assertThat(names).isNotEmpty().isEqualTo(sorted);
	}

	@Test
	void additionalMetadataHasUniqueNames() throws IOException {
		assertThat(names(additionalProperties())).doesNotHaveDuplicates();
	}

	@Test
	void additionalMetadataHasBooleanDefaultForEverySwitch() throws IOException {
		List<Map<String, Object>> switches = additionalProperties().stream()
			.filter((property) -> name(property).endsWith(".enabled"))
			.toList();
		assertThat(switches).isNotEmpty().allSatisfy((property) -> {
			assertThat(property.get("defaultValue")).as(name(property)).isInstanceOf(Boolean.class);
			assertThat(property.get("type")).as(name(property)).isEqualTo("java.lang.Boolean");
		});
	}

	@Test
	void additionalMetadataHasOnlySwitchesAndDeprecations() throws IOException {
		assertThat(additionalProperties()).allSatisfy(
				(property) -> assertThat(name(property).endsWith(".enabled") || property.containsKey("deprecation"))
					.as(name(property))
					.isTrue());
	}

	@Test
	void additionalMetadataHasSinceOnEveryDeprecation() throws IOException {
		assertThat(additionalProperties()).filteredOn((property) -> property.containsKey("deprecation"))
			.allSatisfy((property) -> assertThat(property.get("deprecation")).as(name(property))
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsKey("since"));
	}

	private List<Map<String, Object>> ourProperties() throws IOException {
		return readProperties(GENERATED).stream().filter((property) -> name(property).startsWith(PREFIX)).toList();
	}

	private List<Map<String, Object>> additionalProperties() throws IOException {
		return readProperties(ADDITIONAL);
	}

	private static boolean isBoolean(Map<String, Object> property) {
		Object type = property.get("type");
		return "java.lang.Boolean".equals(type) || "boolean".equals(type);
	}

	private static List<String> names(List<Map<String, Object>> properties) {
		return properties.stream().map(ConfigurationMetadataTests::name).toList();
	}

	private static String name(Map<String, Object> property) {
		return String.valueOf(property.get("name"));
	}

	private static String description(Map<String, Object> property) {
		Object description = property.get("description");
		return (description != null) ? description.toString() : "";
	}

	private static List<Map<String, Object>> readProperties(String resource) throws IOException {
		try (InputStream content = ourResource(resource).openStream()) {
			return JsonPath.parse(content).read("$.properties");
		}
	}

	private static URL ourResource(String name) throws IOException {
		ClassLoader classLoader = ConfigurationMetadataTests.class.getClassLoader();
		List<URL> resources = Collections.list(classLoader.getResources(name))
			.stream()
			.filter((url) -> "file".equals(url.getProtocol()))
			.toList();
		assertThat(resources).as(name).hasSize(1);
		return resources.get(0);
	}

}
