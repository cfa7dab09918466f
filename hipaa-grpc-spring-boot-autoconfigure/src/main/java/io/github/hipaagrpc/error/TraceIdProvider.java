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

package io.github.hipaagrpc.error;

import org.jspecify.annotations.Nullable;

/**
 * Source of the current trace id, used as the correlation id of a call that brings none.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TraceIdProvider {

	/**
	 * Return the id of the trace the current call belongs to, or {@code null} when no
	 * trace is active.
	 * @return the current trace id or {@code null}
	 */
	@Nullable String currentTraceId();

}
