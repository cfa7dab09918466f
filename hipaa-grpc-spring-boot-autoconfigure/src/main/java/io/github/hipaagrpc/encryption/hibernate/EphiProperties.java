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

package io.github.hipaagrpc.encryption.hibernate;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import io.github.hipaagrpc.ephi.Ephi;
import org.hibernate.generator.Generator;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;
import org.jspecify.annotations.Nullable;

/**
 * The properties of one entity that are marked {@link Ephi @Ephi} and encrypted. The
 * entity is named by its JPA name, the simple class name unless
 * {@code @Entity(name = ...)} says otherwise.
 */
final class EphiProperties {

	static final EphiProperties NONE = new EphiProperties("", new int[0], new String[0]);

	private final String entity;

	private final int[] indexes;

	private final String[] names;

	private EphiProperties(String entity, int[] indexes, String[] names) {
		this.entity = entity;
		this.indexes = indexes;
		this.names = names;
	}

	String entity() {
		return this.entity;
	}

	int[] indexes() {
		return this.indexes;
	}

	String[] names() {
		return this.names;
	}

	boolean isEmpty() {
		return this.indexes.length == 0;
	}

	/**
	 * Find the marked properties of an entity, and refuse types that cannot be encrypted
	 * and identifiers that the database assigns only on insert.
	 * @param persister the entity's persister
	 * @return the marked properties
	 */
	static EphiProperties of(EntityPersister persister) {
		String[] names = persister.getPropertyNames();
		List<Integer> indexes = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			Field field = findField(persister.getMappedClass(), names[i]);
			if (field != null && field.isAnnotationPresent(Ephi.class)) {
				checkType(entityName(persister), field);
				indexes.add(i);
			}
			checkComponent(persister, names[i], persister.getPropertyTypes()[i]);
		}
		if (indexes.isEmpty()) {
			return NONE;
		}
		checkIdentifier(persister, names[indexes.get(0)]);
		int[] positions = indexes.stream().mapToInt(Integer::intValue).toArray();
		String[] marked = indexes.stream().map((index) -> names[index]).toArray(String[]::new);
		return new EphiProperties(entityName(persister), positions, marked);
	}

	private static void checkType(String entity, Field field) {
		Class<?> type = field.getType();
		if (type != String.class && type != byte[].class) {
			throw new IllegalStateException(("Field '%s' of entity '%s' is marked @Ephi but has type '%s': "
					+ "only String and byte[] fields can be encrypted")
				.formatted(field.getName(), entity, type.getName()));
		}
	}

	private static void checkComponent(EntityPersister persister, String name, Type type) {
		if (type.isComponentType() && hasMarkedField(type.getReturnedClass())) {
			throw new IllegalStateException(("Embedded '%s' of entity '%s' has fields marked @Ephi, which are "
					+ "encrypted only as basic fields of the entity itself: move them to the entity")
				.formatted(name, entityName(persister)));
		}
	}

	private static void checkIdentifier(EntityPersister persister, String field) {
		Generator generator = persister.getGenerator();
		if (generator != null && generator.generatedOnExecution()) {
			throw new IllegalStateException(("Field '%s' of entity '%s' is marked @Ephi, but the database assigns "
					+ "the entity's identifier on insert (IDENTITY), after the value must be encrypted for its row: "
					+ "use an assigned, UUID or sequence identifier")
				.formatted(field, entityName(persister)));
		}
	}

	private static String entityName(EntityPersister persister) {
		String name = persister.getJpaEntityName();
		return (name != null) ? name : persister.getEntityName();
	}

	private static boolean hasMarkedField(Class<?> type) {
		Class<?> candidate = type;
		while (candidate != null && candidate != Object.class) {
			for (Field field : candidate.getDeclaredFields()) {
				if (field.isAnnotationPresent(Ephi.class)) {
					return true;
				}
			}
			candidate = candidate.getSuperclass();
		}
		return false;
	}

	private static @Nullable Field findField(Class<?> type, String name) {
		Class<?> candidate = type;
		while (candidate != null && candidate != Object.class) {
			for (Field field : candidate.getDeclaredFields()) {
				if (field.getName().equals(name)) {
					return field;
				}
			}
			candidate = candidate.getSuperclass();
		}
		return null;
	}

}
