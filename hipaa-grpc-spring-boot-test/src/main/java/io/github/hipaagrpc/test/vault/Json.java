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

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies and writes response bodies as JSON with Jackson.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> OBJECT = new TypeReference<>() {
	};

	private Json() {
	}

	/**
	 * Parse a request body, which must be empty or a JSON object, the way Vault does.
	 * @param body the request body
	 * @return the fields of the object, empty for an empty body
	 */
	static Map<String, @Nullable Object> read(byte[] body) {
		if (isBlank(body)) {
			return new LinkedHashMap<>();
		}
		try {
			Map<String, @Nullable Object> fields = MAPPER.readValue(body, OBJECT);
			return (fields != null) ? fields : new LinkedHashMap<>();
		}
		catch (JacksonException ex) {
			throw VaultApiException.badRequest("failed to parse JSON input: " + ex.getOriginalMessage());
		}
	}

	/**
	 * Write a value as JSON followed by a line break, as Go's JSON encoder does.
	 * @param value the value to write
	 * @return the JSON bytes
	 */
	static byte[] write(Object value) {
		byte[] json = MAPPER.writeValueAsBytes(value);
		byte[] line = new byte[json.length + 1];
		System.arraycopy(json, 0, line, 0, json.length);
		line[json.length] = '\n';
		return line;
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (!Character.isWhitespace(b)) {
				return false;
			}
		}
		return true;
	}

}
