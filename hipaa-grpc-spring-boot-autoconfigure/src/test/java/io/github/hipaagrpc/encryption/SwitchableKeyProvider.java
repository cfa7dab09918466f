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

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Development key provider that a test can take offline, counting its calls.
 */
class SwitchableKeyProvider implements HipaaGrpcEncryptionKeyProvider {

	private final HipaaGrpcEncryptionDevKeyProvider delegate = new HipaaGrpcEncryptionDevKeyProvider();

	private final AtomicBoolean offline = new AtomicBoolean();

	final AtomicInteger generated = new AtomicInteger();

	final AtomicInteger unwrapped = new AtomicInteger();

	void offline(boolean offline) {
		this.offline.set(offline);
	}

	int rotate() {
		return this.delegate.rotate();
	}

	@Override
	public GeneratedKey generate() {
		check();
		this.generated.incrementAndGet();
		return this.delegate.generate();
	}

	@Override
	public byte[] unwrap(String wrappedKey) {
		check();
		this.unwrapped.incrementAndGet();
		return this.delegate.unwrap(wrappedKey);
	}

	@Override
	public WrappedKey rewrap(String wrappedKey) {
		check();
		return this.delegate.rewrap(wrappedKey);
	}

	@Override
	public int latestVersion() {
		check();
		return this.delegate.latestVersion();
	}

	private void check() {
		if (this.offline.get()) {
			throw new HipaaGrpcEncryptionKeyUnavailableException("Provider is offline", null);
		}
	}

}
