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

package io.github.hipaagrpc.sample.scenario;

/**
 * One row of the scenario's result table.
 *
 * @param call the call that was made
 * @param identity who made it
 * @param expected the expected outcome
 * @param actual the outcome seen
 * @since 0.1.0
 */
public record ScenarioResult(String call, String identity, String expected, String actual) {

	/**
	 * Return whether the call behaved as expected.
	 * @return whether the actual outcome is the expected one
	 */
	public boolean matches() {
		return this.expected.equals(this.actual);
	}

}
