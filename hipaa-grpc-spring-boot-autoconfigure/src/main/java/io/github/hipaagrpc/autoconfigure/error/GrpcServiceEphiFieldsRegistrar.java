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

package io.github.hipaagrpc.autoconfigure.error;

import io.github.hipaagrpc.ephi.EphiFields;
import io.github.hipaagrpc.ephi.EphiProtoFields;
import io.grpc.BindableService;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Adds to {@link EphiFields} the fields marked {@code (hipaagrpc.ephi.v1.ephi)} in the
 * request and response messages of every gRPC service bean.
 */
class GrpcServiceEphiFieldsRegistrar implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final EphiFields ephiFields;

	GrpcServiceEphiFieldsRegistrar(ListableBeanFactory beanFactory, EphiFields ephiFields) {
		this.beanFactory = beanFactory;
		this.ephiFields = ephiFields;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (BindableService service : this.beanFactory.getBeansOfType(BindableService.class).values()) {
			this.ephiFields.addAll(EphiProtoFields.of(service.bindService()));
		}
	}

}
