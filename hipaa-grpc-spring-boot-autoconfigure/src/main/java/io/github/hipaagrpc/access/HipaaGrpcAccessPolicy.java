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

package io.github.hipaagrpc.access;

import org.jspecify.annotations.Nullable;

/**
 * Access policy that the access context consults on calls: for now, the time-of-access
 * windows of each role. The starter's default reads the {@code hipaa.grpc.access.*}
 * properties; an application may define its own bean instead, and should publish a
 * {@link HipaaGrpcAccessPolicyChangedEvent} when its answers change. Answers are cached
 * for {@code hipaa.grpc.access.policy.cache-ttl}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HipaaGrpcAccessPolicy {

	/**
	 * Return the time-of-access schedule of the given role.
	 * @param role the role name, without the {@code ROLE_} prefix
	 * @return the schedule, or {@code null} when the role is in force at all times
	 */
	@Nullable HipaaGrpcAccessSchedule schedule(String role);

}
