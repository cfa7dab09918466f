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

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.springframework.util.Assert;

/**
 * Time-of-access windows of one role and the time zone they are read in. A role with a
 * schedule is in force only inside one of its windows; a schedule without windows keeps
 * the role out of force at all times.
 *
 * @param windows the windows in which the role is in force
 * @param zone the time zone in which the windows are read
 * @since 0.1.0
 */
public record HipaaGrpcAccessSchedule(List<HipaaGrpcAccessTimeWindow> windows, ZoneId zone) {

	public HipaaGrpcAccessSchedule {
		Assert.notNull(windows, "'windows' must not be null");
		Assert.notNull(zone, "'zone' must not be null");
		windows = List.copyOf(windows);
	}

	/**
	 * Return whether one of the windows is open at the given instant.
	 * @param instant the time of access
	 * @return whether the role is in force then
	 */
	public boolean isOpen(Instant instant) {
		LocalDateTime local = LocalDateTime.ofInstant(instant, this.zone);
		for (HipaaGrpcAccessTimeWindow window : this.windows) {
			if (window.contains(local)) {
				return true;
			}
		}
		return false;
	}

}
