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

import java.time.Instant;
import java.util.UUID;

import io.github.hipaagrpc.ephi.Ephi;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * Chart note as stored in the database, its text encrypted when encryption at rest is on
 * (the dev profile's development key, or Vault).
 *
 * @since 0.1.0
 */
@Entity(name = "ChartNote")
@Table(name = "chart_note")
public class StoredChartNote {

	// A UUID is assigned before the insert, so that each text is bound to its row.
	@Id
	@GeneratedValue(strategy = GenerationType.UUID)
	private @Nullable UUID id;

	@Column(nullable = false, length = 16)
	private String patientId = "";

	@Column(nullable = false, length = 200)
	private String author = "";

	// Notes have at most 2,000 characters, at most 8,000 UTF-8 bytes: encrypted and in
	// Base64 that is 4 * ceil((8000 + 45) / 3) = 10,728 characters.
	@Ephi
	@Column(nullable = false, length = 10728)
	private String text = "";

	@Column(nullable = false)
	private Instant writtenAt = Instant.EPOCH;

	protected StoredChartNote() {
	}

	/**
	 * Create a new note.
	 * @param patientId the patient id
	 * @param author who wrote the note
	 * @param text the note
	 * @param writtenAt when the note was written
	 */
	public StoredChartNote(String patientId, String author, String text, Instant writtenAt) {
		this.patientId = patientId;
		this.author = author;
		this.text = text;
		this.writtenAt = writtenAt;
	}

	/**
	 * Return the identifier, assigned when the note is first stored.
	 * @return the identifier
	 */
	public @Nullable UUID getId() {
		return this.id;
	}

	/**
	 * Return the patient id.
	 * @return the patient id
	 */
	public String getPatientId() {
		return this.patientId;
	}

	/**
	 * Return who wrote the note.
	 * @return the author
	 */
	public String getAuthor() {
		return this.author;
	}

	/**
	 * Return the text of the note.
	 * @return the text
	 */
	public String getText() {
		return this.text;
	}

	/**
	 * Return when the note was written.
	 * @return the time
	 */
	public Instant getWrittenAt() {
		return this.writtenAt;
	}

}
