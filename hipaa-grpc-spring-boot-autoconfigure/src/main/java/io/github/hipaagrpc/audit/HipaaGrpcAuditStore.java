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

import java.util.List;
import java.util.UUID;

/**
 * Where audit entries are kept.
 *
 * @since 0.1.0
 */
public interface HipaaGrpcAuditStore {

	/**
	 * Store entries, all or none, in one transaction.
	 * @param entries the entries, in chain order
	 */
	void append(List<HipaaGrpcAuditEntry> entries);

	/**
	 * Return whether an entry is stored, so that a batch whose commit failed late is not
	 * stored twice.
	 * @param id the entry's id
	 * @return whether it is stored
	 */
	boolean contains(UUID id);

}
