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

package io.github.hipaagrpc.ephi;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Registry of the names of fields that hold ePHI. Names are matched ignoring case and
 * treating {@code snake_case}, {@code camelCase} and {@code kebab-case} spellings of a
 * name as the same name, so {@code date_of_birth} also matches {@code dateOfBirth} and
 * {@code DATE-OF-BIRTH}. The registry only grows and is safe for concurrent use; readers
 * never block.
 *
 * @since 0.1.0
 */
public class EphiFields {

	private volatile Set<String> names;

	/**
	 * Create a new registry holding the given field names.
	 * @param names the names of fields that hold ePHI
	 */
	public EphiFields(Collection<String> names) {
		Assert.notNull(names, "'names' must not be null");
		this.names = Set.copyOf(normalize(names));
	}

	/**
	 * Add field names to the registry.
	 * @param names the names of fields that hold ePHI
	 */
	public void add(String... names) {
		Assert.notNull(names, "'names' must not be null");
		addAll(Arrays.asList(names));
	}

	/**
	 * Add field names to the registry.
	 * @param names the names of fields that hold ePHI
	 */
	public synchronized void addAll(Collection<String> names) {
		Assert.notNull(names, "'names' must not be null");
		Set<String> added = normalize(names);
		if (!this.names.containsAll(added)) {
			added.addAll(this.names);
			this.names = Set.copyOf(added);
		}
	}

	/**
	 * Add the names of the fields and record components of the given types, and of their
	 * superclasses, that are annotated with {@link Ephi @Ephi}.
	 * @param types the types to inspect
	 */
	public void addAnnotatedFields(Class<?>... types) {
		Assert.notNull(types, "'types' must not be null");
		Set<String> annotated = new LinkedHashSet<>();
		for (Class<?> type : types) {
			collectAnnotatedFields(type, annotated);
		}
		addAll(annotated);
	}

	/**
	 * Return whether the given name is the name of a field that holds ePHI.
	 * @param name the field name, in any case and in snake, camel or kebab case
	 * @return whether the field holds ePHI
	 */
	public boolean contains(@Nullable String name) {
		return name != null && this.names.contains(normalize(name));
	}

	/**
	 * Return the registered names, lower case and without separators.
	 * @return the normalized names
	 */
	public Set<String> getNames() {
		return this.names;
	}

	private static void collectAnnotatedFields(Class<?> type, Set<String> names) {
		Class<?> candidate = type;
		while (candidate != null && candidate != Object.class) {
			collectAnnotatedFields(candidate.getDeclaredFields(), names);
			collectAnnotatedComponents(candidate.getRecordComponents(), names);
			candidate = candidate.getSuperclass();
		}
	}

	private static void collectAnnotatedFields(Field[] fields, Set<String> names) {
		for (Field field : fields) {
			if (field.isAnnotationPresent(Ephi.class)) {
				names.add(field.getName());
			}
		}
	}

	private static void collectAnnotatedComponents(RecordComponent @Nullable [] components, Set<String> names) {
		List<RecordComponent> list = (components != null) ? Arrays.asList(components) : List.of();
		for (RecordComponent component : list) {
			if (component.isAnnotationPresent(Ephi.class)) {
				names.add(component.getName());
			}
		}
	}

	private static Set<String> normalize(Collection<String> names) {
		Set<String> normalized = new LinkedHashSet<>();
		for (String name : names) {
			Assert.hasText(name, "'names' must not contain empty names");
			normalized.add(normalize(name));
		}
		return normalized;
	}

	private static String normalize(String name) {
		StringBuilder normalized = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char ch = name.charAt(i);
			if (ch != '_' && ch != '-') {
				normalized.append(ch);
			}
		}
		return normalized.toString().toLowerCase(Locale.ROOT);
	}

}
