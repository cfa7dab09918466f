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

package io.github.hipaagrpc.autoconfigure.ephi;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the marks of electronic protected health information
 * (ePHI), read by log redaction and encryption at rest.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.ephi")
public class HipaaGrpcEphiProperties {

	/**
	 * Comma-separated list of names of fields that hold ePHI, matched ignoring case and
	 * treating snake_case and camelCase alike. Setting it replaces the defaults; fields
	 * marked in .proto files or annotated in Java are added either way.
	 */
	private List<String> fieldNames = List.of("ssn", "social_security_number", "mrn", "medical_record_number",
			"patient_id", "patient_name", "first_name", "last_name", "full_name", "date_of_birth", "dob", "birth_date",
			"street_address", "home_address", "postal_address", "phone", "phone_number", "email", "email_address",
			"diagnosis", "diagnoses", "notes", "clinical_notes", "insurance_member_id", "health_plan_id");

	public List<String> getFieldNames() {
		return this.fieldNames;
	}

	public void setFieldNames(List<String> fieldNames) {
		this.fieldNames = fieldNames;
	}

}
