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

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Timestamp;
import io.github.hipaagrpc.sample.proto.Chart;
import io.github.hipaagrpc.sample.proto.ChartNote;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;

/**
 * In-memory charts, seeded with made-up patients that exist only in this sample. Notes
 * added to a chart are also stored in the database, their text encrypted at rest.
 *
 * @since 0.1.0
 */
@Repository
public class ChartRepository {

	/**
	 * Patient whose chart the simulated store fails to read, so that the scenario can
	 * show an internal error and its correlation id.
	 */
	public static final String FAULTY_PATIENT_ID = "FAKE-PT-0500";

	/**
	 * Facility of the patient whose chart the simulated store fails to read.
	 */
	public static final String FAULTY_PATIENT_FACILITY = "north";

	private final Map<String, Chart> charts = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	private final StoredChartNoteRepository storedNotes;

	/**
	 * Create a new repository holding the seed charts.
	 * @param storedNotes where notes added to charts are also stored, in the database
	 */
	public ChartRepository(StoredChartNoteRepository storedNotes) {
		this.storedNotes = storedNotes;
		seed("FAKE-PT-0001", "north", "Alex Example", "1980-01-01", "penicillin");
		seed("FAKE-PT-0002", "north", "Sam Sample", "1975-06-15", "latex");
		seed("FAKE-PT-0003", "south", "Robin Placeholder", "1992-11-30", null);
	}

	/**
	 * Return the chart of the given patient.
	 * @param patientId the patient id
	 * @return the chart, or empty when the patient is unknown
	 */
	public Optional<Chart> findByPatientId(String patientId) {
		if (FAULTY_PATIENT_ID.equals(patientId)) {
			throw new IllegalStateException("Chart store unavailable for patient_id=" + patientId);
		}
		return Optional.ofNullable(this.charts.get(patientId));
	}

	/**
	 * Return the facility that keeps the chart of the given patient, for access rules
	 * such as {@code @hipaa.atFacility(@chartRepository.facilityOf(#request.patientId))}.
	 * @param patientId the patient id
	 * @return the facility, or {@code null} when the patient is unknown
	 */
	public @Nullable String facilityOf(String patientId) {
		if (FAULTY_PATIENT_ID.equals(patientId)) {
			return FAULTY_PATIENT_FACILITY;
		}
		Chart chart = this.charts.get(patientId);
		return (chart != null) ? chart.getFacilityId() : null;
	}

	/**
	 * Return whether the given patient has a chart.
	 * @param patientId the patient id
	 * @return whether the patient is known
	 */
	public boolean exists(String patientId) {
		return this.charts.containsKey(patientId);
	}

	/**
	 * Append a note to a chart and increment its version.
	 * @param patientId the patient id
	 * @param author who wrote the note
	 * @param text the note
	 * @param expectedVersion the version the update is based on, or 0 for any
	 * @return the outcome of the update
	 */
	public synchronized ChartUpdate addNote(String patientId, String author, String text, long expectedVersion) {
		Chart chart = this.charts.get(patientId);
		if (chart == null) {
			return new ChartUpdate(ChartUpdate.Status.UNKNOWN_PATIENT, Chart.getDefaultInstance());
		}
		if (expectedVersion != 0 && expectedVersion != chart.getVersion()) {
			return new ChartUpdate(ChartUpdate.Status.VERSION_CONFLICT, chart);
		}
		ChartNote note = note(author, text);
		this.storedNotes.save(new StoredChartNote(patientId, author, text, writtenAt(note)));
		Chart updated = chart.toBuilder().addNotes(note).setVersion(chart.getVersion() + 1).build();
		this.charts.put(patientId, updated);
		return new ChartUpdate(ChartUpdate.Status.UPDATED, updated);
	}

	private void seed(String patientId, String facilityId, String displayName, String dateOfBirth,
			@Nullable String allergy) {
		Chart.Builder chart = Chart.newBuilder()
			.setPatientId(patientId)
			.setFacilityId(facilityId)
			.setDisplayName(displayName)
			.setDateOfBirth(dateOfBirth)
			.addNotes(note("seed", "Fictional chart created for the sample; not a real patient."))
			.setVersion(1);
		if (allergy != null) {
			chart.addAllergies(allergy);
		}
		this.charts.put(patientId, chart.build());
	}

	private static Instant writtenAt(ChartNote note) {
		return Instant.ofEpochSecond(note.getWrittenAt().getSeconds(), note.getWrittenAt().getNanos());
	}

	private ChartNote note(String author, String text) {
		Instant now = this.clock.instant();
		Timestamp writtenAt = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
		return ChartNote.newBuilder().setAuthor(author).setText(text).setWrittenAt(writtenAt).build();
	}

	/**
	 * Outcome of {@link ChartRepository#addNote}.
	 *
	 * @param status what happened
	 * @param chart the chart after the attempt, or the default instance for an unknown
	 * patient
	 */
	public record ChartUpdate(Status status, Chart chart) {

		/**
		 * What happened to an update.
		 */
		public enum Status {

			/**
			 * The note was added.
			 */
			UPDATED,

			/**
			 * The chart has moved on since the expected version; nothing was changed.
			 */
			VERSION_CONFLICT,

			/**
			 * No chart exists for the patient.
			 */
			UNKNOWN_PATIENT

		}

	}

}
