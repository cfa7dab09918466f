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

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Chart notes stored in the database.
 *
 * @since 0.1.0
 */
public interface StoredChartNoteRepository extends JpaRepository<StoredChartNote, UUID> {

	/**
	 * Return the stored notes of a patient.
	 * @param patientId the patient id
	 * @return the notes
	 */
	List<StoredChartNote> findByPatientId(String patientId);

}
