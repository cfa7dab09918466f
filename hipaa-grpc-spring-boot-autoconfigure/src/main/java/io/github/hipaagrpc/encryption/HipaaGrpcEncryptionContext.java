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

package io.github.hipaagrpc.encryption;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where an encrypted value belongs: its entity, its field and, when the identifier is
 * assigned before the row is written, its row. A value encrypted for one context fails to
 * decrypt in any other, so that a value moved to another field or row is detected.
 *
 * @param entity the name of the entity, for example {@code Patient}
 * @param field the name of the field, for example {@code diagnosis}
 * @param rowId the identifier of the row, or {@code null} when the row has none yet
 * @since 0.1.0
 */
public record HipaaGrpcEncryptionContext(String entity, String field, @Nullable String rowId) {

	private static final int ABSENT = -1;

	public HipaaGrpcEncryptionContext {
		Assert.hasText(entity, "'entity' must not be empty");
		Assert.hasText(field, "'field' must not be empty");
	}

	/**
	 * Create a context for a field of a row.
	 * @param entity the name of the entity
	 * @param field the name of the field
	 * @param rowId the identifier of the row
	 * @return the context
	 */
	public static HipaaGrpcEncryptionContext of(String entity, String field, Object rowId) {
		Assert.notNull(rowId, "'rowId' must not be null");
		return new HipaaGrpcEncryptionContext(entity, field, rowId.toString());
	}

	/**
	 * Create a context for a field of a row whose identifier is not known before it is
	 * written.
	 * @param entity the name of the entity
	 * @param field the name of the field
	 * @return the context
	 */
	public static HipaaGrpcEncryptionContext withoutRow(String entity, String field) {
		return new HipaaGrpcEncryptionContext(entity, field, null);
	}

	/**
	 * Return the context as bytes: each part as its UTF-8 length in four bytes followed
	 * by its UTF-8 bytes, a missing row identifier as the length {@code -1}.
	 * @return the encoded context
	 */
	byte[] encode() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, this.entity);
		write(out, this.field);
		write(out, this.rowId);
		return out.toByteArray();
	}

	private static void write(ByteArrayOutputStream out, @Nullable String part) {
		if (part == null) {
			out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(ABSENT).array());
			return;
		}
		byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
		out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
		out.writeBytes(bytes);
	}

}
