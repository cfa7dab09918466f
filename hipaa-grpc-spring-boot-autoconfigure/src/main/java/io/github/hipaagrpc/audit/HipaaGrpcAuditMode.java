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

package io.github.hipaagrpc.audit;

/**
 * What happens to calls when audit records cannot be stored.
 *
 * @since 0.1.0
 */
public enum HipaaGrpcAuditMode {

	/**
	 * Calls wait for nothing, but when records cannot be stored within a bound, new calls
	 * are refused with {@code UNAVAILABLE} rather than served unaudited.
	 */
	FAIL_CLOSED,

	/**
	 * A call's status reaches the client only after its record is committed; records are
	 * committed in groups.
	 */
	SYNCHRONOUS,

	/**
	 * Calls are always served; records that cannot be kept are counted as lost.
	 */
	BEST_EFFORT

}
