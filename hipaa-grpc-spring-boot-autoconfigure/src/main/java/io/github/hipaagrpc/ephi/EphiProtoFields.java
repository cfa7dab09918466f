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

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.UnknownFieldSet;
import io.github.hipaagrpc.ephi.proto.EphiProto;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

import org.springframework.util.Assert;

/**
 * Reads the {@code (hipaagrpc.ephi.v1.ephi)} field option from protobuf descriptors: the
 * names of the fields that carry it, in a message, in the messages it holds, and in the
 * requests and responses of a gRPC service.
 *
 * @since 0.1.0
 */
public final class EphiProtoFields {

	private EphiProtoFields() {
	}

	/**
	 * Return the names of the ePHI fields in the request and response messages of every
	 * method of the given service, and in the messages those hold.
	 * @param service the service definition
	 * @return the names of the marked fields, as written in the {@code .proto} files
	 */
	public static Set<String> of(ServerServiceDefinition service) {
		Assert.notNull(service, "'service' must not be null");
		Set<String> names = new LinkedHashSet<>();
		Set<String> visited = new HashSet<>();
		for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
			Object schema = method.getMethodDescriptor().getSchemaDescriptor();
			if (schema instanceof ProtoMethodDescriptorSupplier supplier) {
				MethodDescriptor descriptor = supplier.getMethodDescriptor();
				collect(descriptor.getInputType(), names, visited);
				collect(descriptor.getOutputType(), names, visited);
			}
		}
		return names;
	}

	/**
	 * Return the names of the ePHI fields in the given message and in the messages it
	 * holds.
	 * @param message the message descriptor
	 * @return the names of the marked fields, as written in the {@code .proto} files
	 */
	public static Set<String> of(Descriptor message) {
		Assert.notNull(message, "'message' must not be null");
		Set<String> names = new LinkedHashSet<>();
		collect(message, names, new HashSet<>());
		return names;
	}

	/**
	 * Return whether the given field carries {@code [(hipaagrpc.ephi.v1.ephi) = true]}.
	 * @param field the field descriptor
	 * @return whether the field is marked as ePHI
	 */
	public static boolean isEphi(FieldDescriptor field) {
		Assert.notNull(field, "'field' must not be null");
		FieldOptions options = field.getOptions();
		if (options.hasExtension(EphiProto.ephi)) {
			return options.getExtension(EphiProto.ephi);
		}
		UnknownFieldSet.Field unknown = options.getUnknownFields().getField(EphiProto.EPHI_FIELD_NUMBER);
		return unknown.getVarintList().stream().anyMatch((value) -> value != 0);
	}

	private static void collect(Descriptor message, Set<String> names, Set<String> visited) {
		if (!visited.add(message.getFullName())) {
			return;
		}
		for (FieldDescriptor field : message.getFields()) {
			if (isEphi(field)) {
				names.add(field.getName());
			}
			if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
				collect(field.getMessageType(), names, visited);
			}
		}
	}

}
