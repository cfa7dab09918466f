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

import java.util.UUID;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionDataKeyCreatedEvent;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrapFinishedEvent;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrapReport;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.context.ApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link HipaaGrpcAuditEventRecorder}.
 */
class HipaaGrpcAuditEventRecorderTests {

	private final HipaaGrpcAuditWriter writer = mock(HipaaGrpcAuditWriter.class);

	private final HipaaGrpcAuditEventRecorder recorder = new HipaaGrpcAuditEventRecorder(this.writer);

	@Test
	void recorderWhenDataKeyIsCreatedRecordsItsIdAndVersion() {
		UUID keyId = UUID.fromString("6f1c1f0e-3b7a-4f53-9a51-3c1f6b3d2e10");
		HipaaGrpcAuditRecord record = recorded(new HipaaGrpcEncryptionDataKeyCreatedEvent(this, keyId, 3));
		assertThat(record.eventType()).isEqualTo("encryption.data-key.created");
		assertThat(record.detail()).isEqualTo("Data key '" + keyId + "' created under master key version 3");
	}

	@Test
	void recorderWhenRewrapFinishesRecordsTheCounts() {
		HipaaGrpcEncryptionRewrapReport report = new HipaaGrpcEncryptionRewrapReport(5, 4, 1, 2);
		HipaaGrpcAuditRecord record = recorded(new HipaaGrpcEncryptionRewrapFinishedEvent(this, report));
		assertThat(record.eventType()).isEqualTo("encryption.rewrap.finished");
		assertThat(record.detail())
			.isEqualTo("Rewrap to master key version 2: 5 data keys examined, 4 moved, 1 failed");
	}

	private HipaaGrpcAuditRecord recorded(ApplicationEvent event) {
		this.recorder.onApplicationEvent(event);
		ArgumentCaptor<HipaaGrpcAuditRecord> record = ArgumentCaptor.forClass(HipaaGrpcAuditRecord.class);
		then(this.writer).should().write(record.capture());
		return record.getValue();
	}

}
