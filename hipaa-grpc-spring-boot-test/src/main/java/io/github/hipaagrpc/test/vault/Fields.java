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

package io.github.hipaagrpc.test.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Typed access to the fields of a request, converting values the way Vault's field schema
 * does: numbers may be sent as strings and lists as comma-separated strings.
 */
final class Fields {

	private static final Set<String> TRUE = Set.of("1", "t", "T", "true", "TRUE", "True");

	private static final Set<String> FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

	private final Map<String, @Nullable Object> values;

	Fields(Map<String, @Nullable Object> values) {
		this.values = values;
	}

	/**
	 * Return whether the field is present with a value other than {@code null}.
	 * @param name the field name
	 * @return whether the field has a value
	 */
	boolean has(String name) {
		return this.values.get(name) != null;
	}

	@Nullable Object raw(String name) {
		return this.values.get(name);
	}

	String string(String name) {
		Object value = this.values.get(name);
		return (value != null) ? value.toString() : "";
	}

	int integer(String name, int defaultValue) {
		Object value = this.values.get(name);
		if (value == null || "".equals(value)) {
			return defaultValue;
		}
		if (value instanceof Number number) {
			return number.intValue();
		}
		try {
			return Integer.parseInt(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			throw conversionError(name, value, "strconv.ParseInt: parsing \"%s\": invalid syntax".formatted(value));
		}
	}

	boolean bool(String name, boolean defaultValue) {
		Object value = this.values.get(name);
		if (value == null || "".equals(value)) {
			return defaultValue;
		}
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Number number) {
			return number.doubleValue() != 0;
		}
		if (TRUE.contains(value.toString()) || FALSE.contains(value.toString())) {
			return TRUE.contains(value.toString());
		}
		throw conversionError(name, value, "strconv.ParseBool: parsing \"%s\": invalid syntax".formatted(value));
	}

	Duration duration(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return Duration.ZERO;
		}
		try {
			return VaultDurations.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw conversionError(name, value, ex.getMessage());
		}
	}

	/**
	 * Return a list field sent either as a JSON array or as a comma-separated string.
	 * @param name the field name
	 * @return the trimmed, non-empty elements
	 */
	List<String> strings(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return List.of();
		}
		Collection<?> elements = (value instanceof Collection<?> collection) ? collection
				: Arrays.asList(value.toString().split(",", -1));
		List<String> strings = new ArrayList<>();
		for (Object element : elements) {
			String string = (element != null) ? element.toString().trim() : "";
			if (!string.isEmpty()) {
				strings.add(string);
			}
		}
		return strings;
	}

	/**
	 * Return the items of a {@code batch_input} field, or {@code null} when the request
	 * is not a batch request.
	 * @param name the field name
	 * @return the batch items or {@code null}
	 */
	@Nullable List<Fields> batch(String name) {
		Object value = this.values.get(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof List<?> list)) {
			throw VaultApiException.internal("failed to parse batch input: expected a list of objects");
		}
		List<Fields> items = new ArrayList<>();
		for (Object element : list) {
			items.add(new Fields(asObject(element)));
		}
		return items;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, @Nullable Object> asObject(@Nullable Object element) {
		if (!(element instanceof Map<?, ?>)) {
			throw VaultApiException.internal("failed to parse batch input: expected a list of objects");
		}
		return (Map<String, @Nullable Object>) element;
	}

	private static VaultApiException conversionError(String name, Object value, @Nullable String reason) {
		return VaultApiException
			.badRequest("error converting input %s for field \"%s\": %s".formatted(value, name, reason));
	}

}
