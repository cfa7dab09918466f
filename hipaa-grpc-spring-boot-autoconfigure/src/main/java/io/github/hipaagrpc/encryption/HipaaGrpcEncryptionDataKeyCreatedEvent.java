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

import java.util.UUID;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a new data key was generated and stored.
 *
 * @since 0.1.0
 */
public class HipaaGrpcEncryptionDataKeyCreatedEvent extends ApplicationEvent {

	private final UUID keyId;

	private final int masterKeyVersion;

	/**
	 * Create a new event.
	 * @param source the object that created the key
	 * @param keyId the identifier of the data key
	 * @param masterKeyVersion the version of the master key that wrapped it
	 */
	public HipaaGrpcEncryptionDataKeyCreatedEvent(Object source, UUID keyId, int masterKeyVersion) {
		super(source);
		this.keyId = keyId;
		this.masterKeyVersion = masterKeyVersion;
	}

	/**
	 * Return the identifier of the data key.
	 * @return the identifier
	 */
	public UUID getKeyId() {
		return this.keyId;
	}

	/**
	 * Return the version of the master key that wrapped the data key.
	 * @return the version
	 */
	public int getMasterKeyVersion() {
		return this.masterKeyVersion;
	}

}
