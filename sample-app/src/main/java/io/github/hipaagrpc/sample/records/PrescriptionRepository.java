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

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hipaagrpc.sample.proto.DispenseOutcome;
import io.github.hipaagrpc.sample.proto.DispenseResult;
import io.github.hipaagrpc.sample.proto.Prescription;
import io.github.hipaagrpc.sample.proto.PrescriptionStatus;

import org.springframework.stereotype.Repository;

/**
 * In-memory prescriptions for the seed patients, with refill counting on dispense.
 *
 * @since 0.1.0
 */
@Repository
public class PrescriptionRepository {

	private final Map<String, Prescription> prescriptions = new ConcurrentHashMap<>();

	/**
	 * Create a new repository holding the seed prescriptions.
	 */
	public PrescriptionRepository() {
		seed("RX-1001", "FAKE-PT-0001", "Lisinopril 10 mg tablet", "1 tablet daily", 3);
		seed("RX-1002", "FAKE-PT-0001", "Atorvastatin 20 mg tablet", "1 tablet at bedtime", 1);
		seed("RX-1003", "FAKE-PT-0002", "Metformin 500 mg tablet", "1 tablet twice daily", 0);
		seed("RX-1004", "FAKE-PT-0003", "Albuterol 90 mcg inhaler", "2 puffs as needed", 2);
	}

	/**
	 * Return the prescriptions of a patient, ordered by id.
	 * @param patientId the patient id
	 * @param activeOnly whether to leave out prescriptions that can no longer be
	 * dispensed
	 * @return the prescriptions
	 */
	public List<Prescription> findByPatientId(String patientId, boolean activeOnly) {
		return this.prescriptions.values()
			.stream()
			.filter((prescription) -> prescription.getPatientId().equals(patientId))
			.filter((prescription) -> !activeOnly || isActive(prescription))
			.sorted(Comparator.comparing(Prescription::getPrescriptionId))
			.toList();
	}

	/**
	 * Dispense one fill of a prescription, using up a refill.
	 * @param prescriptionId the prescription id
	 * @return the outcome
	 */
	public synchronized DispenseResult dispense(String prescriptionId) {
		Prescription prescription = this.prescriptions.get(prescriptionId);
		if (prescription == null) {
			return result(prescriptionId, DispenseOutcome.DISPENSE_OUTCOME_UNKNOWN_PRESCRIPTION, 0);
		}
		if (!isActive(prescription)) {
			return result(prescriptionId, outcomeWhenInactive(prescription), prescription.getRefillsRemaining());
		}
		int refillsRemaining = prescription.getRefillsRemaining() - 1;
		PrescriptionStatus status = (refillsRemaining > 0) ? PrescriptionStatus.PRESCRIPTION_STATUS_ACTIVE
				: PrescriptionStatus.PRESCRIPTION_STATUS_EXHAUSTED;
		this.prescriptions.put(prescriptionId,
				prescription.toBuilder().setRefillsRemaining(refillsRemaining).setStatus(status).build());
		return result(prescriptionId, DispenseOutcome.DISPENSE_OUTCOME_DISPENSED, refillsRemaining);
	}

	private boolean isActive(Prescription prescription) {
		return prescription.getStatus() == PrescriptionStatus.PRESCRIPTION_STATUS_ACTIVE;
	}

	private DispenseOutcome outcomeWhenInactive(Prescription prescription) {
		return (prescription.getStatus() == PrescriptionStatus.PRESCRIPTION_STATUS_EXHAUSTED)
				? DispenseOutcome.DISPENSE_OUTCOME_NO_REFILLS_LEFT : DispenseOutcome.DISPENSE_OUTCOME_NOT_ACTIVE;
	}

	private DispenseResult result(String prescriptionId, DispenseOutcome outcome, int refillsRemaining) {
		return DispenseResult.newBuilder()
			.setPrescriptionId(prescriptionId)
			.setOutcome(outcome)
			.setRefillsRemaining(refillsRemaining)
			.build();
	}

	private void seed(String id, String patientId, String medication, String dosage, int refills) {
		PrescriptionStatus status = (refills > 0) ? PrescriptionStatus.PRESCRIPTION_STATUS_ACTIVE
				: PrescriptionStatus.PRESCRIPTION_STATUS_EXHAUSTED;
		Prescription prescription = Prescription.newBuilder()
			.setPrescriptionId(id)
			.setPatientId(patientId)
			.setMedication(medication)
			.setDosage(dosage)
			.setRefillsRemaining(refills)
			.setStatus(status)
			.build();
		this.prescriptions.put(id, prescription);
	}

}
