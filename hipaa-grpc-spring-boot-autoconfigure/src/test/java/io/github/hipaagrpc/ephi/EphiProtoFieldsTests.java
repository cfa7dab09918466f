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

package io.github.hipaagrpc.ephi;

import java.nio.charset.StandardCharsets;

import io.github.hipaagrpc.testservice.FindPatientRequest;
import io.github.hipaagrpc.testservice.PatientDirectoryGrpc;
import io.github.hipaagrpc.testservice.PatientRecord;
import io.github.hipaagrpc.testservice.RecordRequest;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EphiProtoFields}.
 */
class EphiProtoFieldsTests {

	@Test
	void ofWhenServiceMarksFieldsReturnsThemFromRequestsResponsesAndNestedMessages() {
		assertThat(EphiProtoFields.of(new PatientDirectoryGrpc.PatientDirectoryImplBase() {
		}.bindService())).containsExactlyInAnyOrder("chart_locator", "insurance_member_ref", "emergency_phone_line",
				"triage_remark");
	}

	@Test
	void ofWhenMessageIsRecursiveReturnsEachNameOnce() {
		assertThat(EphiProtoFields.of(PatientRecord.getDescriptor())).containsExactlyInAnyOrder("insurance_member_ref",
				"emergency_phone_line", "triage_remark");
	}

	@Test
	void ofWhenMessageMarksNothingReturnsNothing() {
		assertThat(EphiProtoFields.of(RecordRequest.getDescriptor())).isEmpty();
	}

	@Test
	void isEphiWhenOptionIsFalseOrAbsentReturnsFalse() {
		assertThat(EphiProtoFields.isEphi(PatientRecord.getDescriptor().findFieldByName("ward"))).isFalse();
		assertThat(EphiProtoFields.isEphi(FindPatientRequest.getDescriptor().findFieldByName("ward"))).isFalse();
		assertThat(EphiProtoFields.isEphi(FindPatientRequest.getDescriptor().findFieldByName("chart_locator")))
			.isTrue();
	}

	@Test
	void ephiProtoWhenBuiltIsPackagedForUsersToImport() {
		assertThat(new ClassPathResource("hipaagrpc/ephi/v1/ephi.proto")).satisfies((proto) -> {
			assertThat(proto.exists()).isTrue();
			assertThat(proto.getContentAsString(StandardCharsets.UTF_8)).contains("bool ephi = 54472;");
		});
	}

}
