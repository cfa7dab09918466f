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

import java.time.Instant;

import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyAccessGrantedEvent;
import io.github.hipaagrpc.access.HipaaGrpcAccessEmergencyGrant;
import io.github.hipaagrpc.access.HipaaGrpcAccessPurposeOfUse;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionDataKeyCreatedEvent;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrapFinishedEvent;
import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrapReport;
import io.github.hipaagrpc.security.JwksKeysChangedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateIssuedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRenewalFailedEvent;
import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotatedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;

/**
 * Records the security events that other features publish: certificates issued, rotated
 * or failing to renew, signing keys added to or withdrawn from the JWKS, break-glass
 * emergency grants with their reasons, and data keys of encryption at rest created or
 * rewrapped.
 *
 * @since 0.1.0
 */
public class HipaaGrpcAuditEventRecorder implements ApplicationListener<ApplicationEvent> {

	private final HipaaGrpcAuditWriter writer;

	/**
	 * Create a recorder.
	 * @param writer the writer of records
	 */
	public HipaaGrpcAuditEventRecorder(HipaaGrpcAuditWriter writer) {
		Assert.notNull(writer, "'writer' must not be null");
		this.writer = writer;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		HipaaGrpcAuditRecord record = record(event);
		if (record != null) {
			this.writer.write(record);
		}
	}

	private @Nullable HipaaGrpcAuditRecord record(ApplicationEvent event) {
		Instant time = Instant.ofEpochMilli(event.getTimestamp());
		if (event instanceof HipaaGrpcTlsCertificateIssuedEvent issued) {
			return HipaaGrpcAuditRecord.event(time, "tls.certificate.issued",
					"Certificate '" + issued.getSerialNumber() + "' from source '" + issued.getCertificateSource()
							+ "' for '" + issued.getSubject() + "', valid until '" + issued.getNotAfter() + "'");
		}
		if (event instanceof HipaaGrpcTlsCertificateRotatedEvent rotated) {
			return HipaaGrpcAuditRecord.event(time, "tls.certificate.rotated",
					"Certificate '" + rotated.getSerialNumber() + "' replaced '" + rotated.getPreviousSerialNumber()
							+ "', valid until '" + rotated.getNotAfter() + "'");
		}
		if (event instanceof HipaaGrpcTlsCertificateRenewalFailedEvent failed) {
			return HipaaGrpcAuditRecord.event(time, "tls.certificate.renewal-failed",
					"Renewal attempt " + failed.getAttempts() + " failed (" + failed.getFailure().getClass().getName()
							+ "); " + nextAttempt(failed));
		}
		if (event instanceof JwksKeysChangedEvent changed) {
			return HipaaGrpcAuditRecord.event(time, "security.jwks.keys-changed",
					"Keys added " + changed.getAddedKeyIds() + ", withdrawn " + changed.getWithdrawnKeyIds() + " at '"
							+ changed.getJwkSetUri() + "'");
		}
		if (event instanceof HipaaGrpcAccessEmergencyAccessGrantedEvent granted) {
			return emergencyGrant(time, granted);
		}
		return encryptionRecord(time, event);
	}

	private static @Nullable HipaaGrpcAuditRecord encryptionRecord(Instant time, ApplicationEvent event) {
		if (event instanceof HipaaGrpcEncryptionDataKeyCreatedEvent created) {
			return HipaaGrpcAuditRecord.event(time, "encryption.data-key.created", "Data key '" + created.getKeyId()
					+ "' created under master key version " + created.getMasterKeyVersion());
		}
		if (event instanceof HipaaGrpcEncryptionRewrapFinishedEvent finished) {
			HipaaGrpcEncryptionRewrapReport report = finished.getReport();
			return HipaaGrpcAuditRecord.event(time, "encryption.rewrap.finished",
					"Rewrap to master key version " + report.latestVersion() + ": " + report.examined()
							+ " data keys examined, " + report.moved() + " moved, " + report.failed() + " failed");
		}
		return null;
	}

	private static HipaaGrpcAuditRecord emergencyGrant(Instant time, HipaaGrpcAccessEmergencyAccessGrantedEvent event) {
		HipaaGrpcAccessEmergencyGrant grant = event.getGrant();
		String detail = "Emergency grant '" + grant.id() + "' for " + event.getDuration() + " until '"
				+ grant.expiresAt() + "' on replica '" + grant.replica() + "', reason '" + event.getReason() + "'";
		return new HipaaGrpcAuditRecord(time, HipaaGrpcAuditRecord.Type.EVENT, "access.break-glass.granted", null, null,
				grant.principal(), grant.clientId(), grant.roles(), null, null, null,
				HipaaGrpcAccessPurposeOfUse.ETREAT, null, null, null, null, null, detail, grant.id());
	}

	private static String nextAttempt(HipaaGrpcTlsCertificateRenewalFailedEvent failed) {
		Instant next = failed.getNextAttempt();
		return (next != null) ? "next attempt at '" + next + "'" : "next attempt when the certificate files change";
	}

}
