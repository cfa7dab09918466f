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

import org.springframework.util.Assert;

/**
 * Lets a service add to the audit record of the call it is serving.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcAudit {

	private HipaaGrpcAudit() {
	}

	/**
	 * Name the resource the current call acts on, such as a patient identifier, in the
	 * call's audit record. This is the only way a patient identifier reaches the audit
	 * trail: the service adds it on purpose. A later reference replaces an earlier one.
	 * @param reference the reference, at most 256 characters are kept
	 * @return whether a call was being audited on this thread
	 */
	public static boolean resourceReference(String reference) {
		Assert.hasText(reference, "'reference' must not be empty");
		AuditedCall call = AuditedCall.current();
		if (call == null) {
			return false;
		}
		call.resourceReference(reference);
		return true;
	}

}
