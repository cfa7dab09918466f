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

package io.github.hipaagrpc.access;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Purpose-of-use codes that a call may declare: codes of the PurposeOfUse concepts of HL7
 * v3 ActReason (code system {@code v3-ActReason}). Codes are case-sensitive.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcAccessPurposeOfUse {

	/**
	 * Treatment.
	 */
	public static final String TREAT = "TREAT";

	/**
	 * Emergency treatment.
	 */
	public static final String ETREAT = "ETREAT";

	/**
	 * Healthcare payment.
	 */
	public static final String HPAYMT = "HPAYMT";

	/**
	 * Healthcare operations.
	 */
	public static final String HOPERAT = "HOPERAT";

	/**
	 * Every accepted code. Treatment: TREAT, ETREAT, BTG, ERTREAT, CAREMGT, CLINTRCHPC,
	 * POPHLTH. Payment: HPAYMT, CLMATTCH, COVAUTH, COVERAGE, ELIGDTRM, ELIGVER, ENROLLM,
	 * REMITADV. Operations: HOPERAT, DONAT, FRAUD, GOV, HACCRED, HCOMPL, HDECD, HDIRECT,
	 * HLEGAL, HOUTCOMS, HPRGRP, HQUALIMP, HSYSADMIN, LABELING, MEMADMIN, METAMGT,
	 * PATADMIN, PATSFTY, PERFMSR, RECORDMGT, SYSDEV, HTEST, TRAIN. Others: HMARKT,
	 * HRESCH, CLINTRCH, PATRQT, FAMRQT, PWATRNY, SUPNWK, PUBHLTH, DISASTER, THREAT.
	 */
	public static final Set<String> CODES = Set.of(TREAT, ETREAT, "BTG", "ERTREAT", "CAREMGT", "CLINTRCHPC", "POPHLTH",
			HPAYMT, "CLMATTCH", "COVAUTH", "COVERAGE", "ELIGDTRM", "ELIGVER", "ENROLLM", "REMITADV", HOPERAT, "DONAT",
			"FRAUD", "GOV", "HACCRED", "HCOMPL", "HDECD", "HDIRECT", "HLEGAL", "HOUTCOMS", "HPRGRP", "HQUALIMP",
			"HSYSADMIN", "LABELING", "MEMADMIN", "METAMGT", "PATADMIN", "PATSFTY", "PERFMSR", "RECORDMGT", "SYSDEV",
			"HTEST", "TRAIN", "HMARKT", "HRESCH", "CLINTRCH", "PATRQT", "FAMRQT", "PWATRNY", "SUPNWK", "PUBHLTH",
			"DISASTER", "THREAT");

	private HipaaGrpcAccessPurposeOfUse() {
	}

	/**
	 * Return whether the given value is an accepted purpose-of-use code.
	 * @param code the value a caller declared
	 * @return whether it is one of the accepted codes
	 */
	public static boolean isAccepted(@Nullable String code) {
		return code != null && CODES.contains(code);
	}

}
