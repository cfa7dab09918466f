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

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Bounds on data keys in memory: how long and how often the current key encrypts, and how
 * many older keys stay cached for decryption and for how long.
 *
 * @param maxUses the largest number of values one data key encrypts
 * @param maxAge the longest time one data key encrypts
 * @param cacheSize the largest number of data keys cached for decryption
 * @param cacheTtl how long a cached data key stays after it was last used
 * @since 0.1.0
 */
public record HipaaGrpcEncryptionSettings(long maxUses, Duration maxAge, long cacheSize, Duration cacheTtl) {

	public HipaaGrpcEncryptionSettings {
		Assert.isTrue(maxUses > 0, "'maxUses' must be positive");
		Assert.isTrue(!maxAge.isNegative() && !maxAge.isZero(), "'maxAge' must be positive");
		Assert.isTrue(cacheSize > 0, "'cacheSize' must be positive");
		Assert.isTrue(!cacheTtl.isNegative() && !cacheTtl.isZero(), "'cacheTtl' must be positive");
	}

}
