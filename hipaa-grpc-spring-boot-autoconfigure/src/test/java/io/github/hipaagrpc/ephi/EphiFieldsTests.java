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

import java.util.List;

import io.github.hipaagrpc.testservice.PatientDirectoryGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EphiFields}.
 */
class EphiFieldsTests {

	@Test
	void containsWhenNameGivenAtCreationMatches() {
		EphiFields fields = new EphiFields(List.of("ssn", "date_of_birth"));
		assertThat(fields.contains("ssn")).isTrue();
		assertThat(fields.contains("date_of_birth")).isTrue();
		assertThat(fields.contains("ward")).isFalse();
	}

	@Test
	void containsWhenCaseDiffersMatches() {
		EphiFields fields = new EphiFields(List.of("ssn", "medical_record_number"));
		assertThat(fields.contains("SSN")).isTrue();
		assertThat(fields.contains("Medical_Record_Number")).isTrue();
	}

	@Test
	void containsWhenSnakeCamelOrKebabCaseMatchesEveryOtherSpelling() {
		EphiFields snake = new EphiFields(List.of("date_of_birth"));
		EphiFields camel = new EphiFields(List.of("dateOfBirth"));
		for (EphiFields fields : List.of(snake, camel)) {
			assertThat(fields.contains("date_of_birth")).isTrue();
			assertThat(fields.contains("dateOfBirth")).isTrue();
			assertThat(fields.contains("DateOfBirth")).isTrue();
			assertThat(fields.contains("DATE_OF_BIRTH")).isTrue();
			assertThat(fields.contains("date-of-birth")).isTrue();
			assertThat(fields.contains("date_of")).isFalse();
		}
	}

	@Test
	void containsWhenNameIsNullOrOnlyPartOfANameDoesNotMatch() {
		EphiFields fields = new EphiFields(List.of("ssn"));
		assertThat(fields.contains(null)).isFalse();
		assertThat(fields.contains("patient_ssn")).isFalse();
		assertThat(fields.contains("ss")).isFalse();
	}

	@Test
	void addWhenNamesAddedMatchesThemToo() {
		EphiFields fields = new EphiFields(List.of("ssn"));
		fields.add("insurance_member_ref");
		fields.addAll(List.of("triageRemark"));
		assertThat(fields.getNames()).containsExactlyInAnyOrder("ssn", "insurancememberref", "triageremark");
		assertThat(fields.contains("insuranceMemberRef")).isTrue();
		assertThat(fields.contains("triage_remark")).isTrue();
	}

	@Test
	void addWhenNameIsEmptyThrowsException() {
		EphiFields fields = new EphiFields(List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> fields.add(" "))
			.withMessage("'names' must not contain empty names");
	}

	@Test
	void addAnnotatedFieldsWhenClassHasEphiFieldsAddsTheirNames() {
		EphiFields fields = new EphiFields(List.of());
		fields.addAnnotatedFields(Chart.class);
		assertThat(fields.contains("chartLocator")).isTrue();
		assertThat(fields.contains("chart_locator")).isTrue();
		assertThat(fields.contains("inheritedRemark")).isTrue();
		assertThat(fields.contains("ward")).isFalse();
	}

	@Test
	void addAnnotatedFieldsWhenRecordHasEphiComponentsAddsTheirNames() {
		EphiFields fields = new EphiFields(List.of());
		fields.addAnnotatedFields(Admission.class);
		assertThat(fields.contains("kin_phone_line")).isTrue();
		assertThat(fields.contains("bed")).isFalse();
	}

	@Test
	void addAllWhenNamesComeFromProtoOptionMatchesThem() {
		EphiFields fields = new EphiFields(List.of("ssn"));
		fields.addAll(EphiProtoFields.of(new PatientDirectoryGrpc.PatientDirectoryImplBase() {
		}.bindService()));
		assertThat(fields.contains("chartLocator")).isTrue();
		assertThat(fields.contains("triage_remark")).isTrue();
		assertThat(fields.contains("ssn")).isTrue();
		assertThat(fields.contains("ward")).isFalse();
	}

	static class ChartBase {

		@Ephi
		private String inheritedRemark = "";

		String getInheritedRemark() {
			return this.inheritedRemark;
		}

	}

	static class Chart extends ChartBase {

		@Ephi
		private String chartLocator = "";

		private String ward = "";

		String getChartLocator() {
			return this.chartLocator;
		}

		String getWard() {
			return this.ward;
		}

	}

	record Admission(@Ephi String kinPhoneLine, String bed) {

	}

}
