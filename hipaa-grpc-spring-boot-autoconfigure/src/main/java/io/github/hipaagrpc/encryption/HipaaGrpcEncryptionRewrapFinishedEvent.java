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

import org.springframework.context.ApplicationEvent;

/**
 * Published when a run of the rewrap job has finished.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionRewrapFinishedEvent extends ApplicationEvent {

	private final HipaaGrpcEncryptionRewrapReport report;

	/**
	 * Create a new event.
	 * @param source the rewrap job
	 * @param report the outcome of the run
	 */
	public HipaaGrpcEncryptionRewrapFinishedEvent(Object source, HipaaGrpcEncryptionRewrapReport report) {
		super(source);
		this.report = report;
	}

	/**
	 * Return the outcome of the run.
	 * @return the report
	 */
	public HipaaGrpcEncryptionRewrapReport getReport() {
		return this.report;
	}

}
