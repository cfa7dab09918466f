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

package io.github.hipaagrpc.sample.records;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hipaagrpc.sample.proto.Claim;

import org.springframework.stereotype.Repository;

/**
 * In-memory store of accepted insurance claims, keyed by claim id.
 *
 * @since 0.1.0
 */
@Repository
public class ClaimRepository {

	private final Map<String, Claim> claims = new ConcurrentHashMap<>();

	/**
	 * Store a claim unless one with the same id was accepted before.
	 * @param claim the claim
	 * @return whether the claim was stored
	 */
	public boolean add(Claim claim) {
		return this.claims.putIfAbsent(claim.getClaimId(), claim) == null;
	}

	/**
	 * Return how many claims have been accepted.
	 * @return the number of accepted claims
	 */
	public int count() {
		return this.claims.size();
	}

}
