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

package io.github.hipaagrpc.test.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a Transit batch request, answered as Vault does: the data envelope with
 * {@code batch_results} in input order, with status 400 when any item failed with a user
 * error and 500 when any failed with an internal error.
 */
final class TransitBatch {

	private final List<Map<String, Object>> results = new ArrayList<>();

	private boolean succeeded;

	private boolean userError;

	private boolean internalError;

	void succeeded(Map<String, Object> result, String reference) {
		this.succeeded = true;
		add(result, reference);
	}

	void failed(Map<String, Object> result, String reference, boolean internal) {
		this.userError = this.userError || !internal;
		this.internalError = this.internalError || internal;
		add(result, reference);
	}

	private void add(Map<String, Object> result, String reference) {
		Map<String, Object> item = new LinkedHashMap<>(result);
		item.put("reference", reference);
		this.results.add(item);
	}

	/**
	 * Answer the batch, applying {@code partial_failure_response_code} when some items
	 * succeeded.
	 * @param fields the request fields
	 * @param failuresChangeStatus whether failed items change the status, which they do
	 * not for HMAC requests
	 * @return the reply
	 */
	VaultReply reply(Fields fields, boolean failuresChangeStatus) {
		Envelope envelope = Envelope.data(Map.of("batch_results", this.results));
		if (!failuresChangeStatus || (!this.userError && !this.internalError)) {
			return envelope.reply();
		}
		int status = (this.userError) ? 400 : 500;
		if (fields.has("partial_failure_response_code") && this.succeeded) {
			int override = fields.integer("partial_failure_response_code", status);
			if (override < 1 || override > 599) {
				envelope.warning("invalid HTTP response code override from partial_failure_response_code, "
						+ "reverting to %d".formatted(status));
			}
			else {
				status = override;
			}
		}
		return envelope.status(status).reply();
	}

}
