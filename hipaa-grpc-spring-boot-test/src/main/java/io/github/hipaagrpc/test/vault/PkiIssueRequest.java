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

package io.github.hipaagrpc.test.vault;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * A validated request to {@code pki/issue/:role}: the names, subject alternative names
 * and validity period a role allows, with the warnings Vault would add. Roles of the
 * double allow no other SANs and no user IDs.
 */
final class PkiIssueRequest {

	private static final Duration BACKDATE = Duration.ofSeconds(30);

	private final String commonName;

	private final List<GeneralName> subjectAlternativeNames = new ArrayList<>();

	private final List<String> warnings = new ArrayList<>();

	private Instant notBefore = Instant.EPOCH;

	private Instant notAfter = Instant.EPOCH;

	private PkiIssueRequest(String commonName) {
		this.commonName = commonName;
	}

	/**
	 * Validate the fields of an issue request against a role, in the order Vault checks
	 * them.
	 * @param role the role
	 * @param fields the request fields
	 * @param issuer the issuer that will sign
	 * @param now the current time
	 * @param mountMaxTtl the mount's default and maximum TTL
	 * @return the validated request
	 */
	static PkiIssueRequest validate(PkiRole role, Fields fields, PkiIssuer issuer, Instant now, Duration mountMaxTtl) {
		String commonName = fields.string("common_name");
		if (commonName.isEmpty()) {
			throw VaultApiException.badRequest("the common_name field is required, or must be provided in a CSR "
					+ "with \"use_csr_common_name\" set to true, unless \"require_cn\" is set to false");
		}
		PkiIssueRequest request = new PkiIssueRequest(commonName);
		request.addNames(role, fields);
		rejectOtherSans(fields);
		request.addIpSans(role, fields);
		request.addUriSans(role, fields);
		rejectUserIds(fields);
		request.setValidity(role, fields, issuer, now, mountMaxTtl);
		if (fields.has("key_type") || fields.has("key_bits")) {
			request.warnings.add("parameters key_type and key_bits ignored as role had specific values");
		}
		return request;
	}

	private void addNames(PkiRole role, Fields fields) {
		if (!role.allowsName(this.commonName)) {
			throw VaultApiException.badRequest("common name %s not allowed by this role".formatted(this.commonName));
		}
		Set<String> names = new LinkedHashSet<>();
		if (!fields.bool("exclude_cn_from_sans", false)) {
			names.add(this.commonName);
		}
		for (String name : fields.strings("alt_names")) {
			if (!role.allowsName(name)) {
				throw VaultApiException
					.badRequest("subject alternate name %s not allowed by this role".formatted(name));
			}
			names.add(name);
		}
		names.forEach((name) -> this.subjectAlternativeNames.add(dnsOrEmail(name)));
	}

	private static void rejectOtherSans(Fields fields) {
		List<String> otherSans = fields.strings("other_sans");
		if (otherSans.isEmpty()) {
			return;
		}
		String otherSan = otherSans.get(0);
		int separator = otherSan.indexOf(';');
		if (separator < 1) {
			throw VaultApiException.badRequest("could not parse requested other SAN: "
					+ "other SAN %s is not in the format <oid>;<type>:<value>".formatted(otherSan));
		}
		String oid = otherSan.substring(0, separator);
		throw VaultApiException.badRequest("other SAN OID %s not allowed by this role".formatted(oid));
	}

	private void addIpSans(PkiRole role, Fields fields) {
		List<String> ipSans = fields.strings("ip_sans");
		for (String ip : ipSans) {
			if (!IPAddress.isValid(ip)) {
				throw VaultApiException.badRequest("the value \"%s\" is not a valid IP address".formatted(ip));
			}
		}
		if (!ipSans.isEmpty() && !role.allowIpSans()) {
			throw VaultApiException
				.badRequest("IP Subject Alternative Names are not allowed in this role, but was provided via the API");
		}
		ipSans.forEach((ip) -> this.subjectAlternativeNames.add(new GeneralName(GeneralName.iPAddress, ip)));
	}

	private void addUriSans(PkiRole role, Fields fields) {
		List<String> uriSans = fields.strings("uri_sans");
		if (!uriSans.isEmpty() && role.allowedUriSans().isEmpty()) {
			throw VaultApiException.badRequest(
					"URI Subject Alternative Names are not allowed in this role, but were provided via the API");
		}
		for (String uri : uriSans) {
			if (!role.allowsUri(uri)) {
				throw VaultApiException.badRequest(
						"URI Subject Alternative Names were provided via the API which are not valid for this role");
			}
			this.subjectAlternativeNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, parseUri(uri)));
		}
	}

	private static void rejectUserIds(Fields fields) {
		List<String> userIds = fields.strings("user_ids");
		if (!userIds.isEmpty()) {
			throw VaultApiException.badRequest("user_id %s is not allowed by this role".formatted(userIds.get(0)));
		}
	}

	private void setValidity(PkiRole role, Fields fields, PkiIssuer issuer, Instant now, Duration mountMaxTtl) {
		Duration ttl = fields.duration("ttl");
		String requestedNotAfter = fields.string("not_after");
		if (!ttl.isZero() && !requestedNotAfter.isEmpty()) {
			throw VaultApiException.badRequest(
					"Either ttl or not_after should be provided. Both should not be provided in the same request.");
		}
		ttl = (ttl.isZero()) ? role.ttl() : ttl;
		ttl = (ttl.isZero()) ? mountMaxTtl : ttl;
		Duration maxTtl = (role.maxTtl().isZero()) ? mountMaxTtl : role.maxTtl();
		if (ttl.compareTo(maxTtl) > 0) {
			this.warnings.add("TTL \"%s\" is longer than permitted maxTTL \"%s\", so maxTTL is being used"
				.formatted(VaultDurations.format(ttl), VaultDurations.format(maxTtl)));
			ttl = maxTtl;
		}
		this.notBefore = now.minus(BACKDATE);
		this.notAfter = (requestedNotAfter.isEmpty()) ? now.plus(ttl) : parseTime(requestedNotAfter);
		Instant caNotAfter = issuer.certificate().getNotAfter().toInstant();
		if (this.notAfter.isAfter(caNotAfter)) {
			String message = "cannot satisfy request, as TTL would result in notAfter of %s that is beyond the "
					+ "expiration of the CA certificate at %s";
			throw VaultApiException.badRequest(message.formatted(this.notAfter, caNotAfter));
		}
	}

	String commonName() {
		return this.commonName;
	}

	GeneralNames subjectAlternativeNames() {
		return new GeneralNames(this.subjectAlternativeNames.toArray(new GeneralName[0]));
	}

	Instant notBefore() {
		return this.notBefore;
	}

	Instant notAfter() {
		return this.notAfter;
	}

	List<String> warnings() {
		return this.warnings;
	}

	private static GeneralName dnsOrEmail(String name) {
		if (name.contains("@")) {
			return new GeneralName(GeneralName.rfc822Name, name);
		}
		return new GeneralName(GeneralName.dNSName, name);
	}

	private static String parseUri(String uri) {
		try {
			return new URI(uri).toString();
		}
		catch (URISyntaxException ex) {
			throw VaultApiException
				.badRequest("the provided URI Subject Alternative Name \"%s\" is not a valid URI".formatted(uri));
		}
	}

	private static Instant parseTime(String time) {
		try {
			return OffsetDateTime.parse(time).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw VaultApiException.badRequest(
					"parsing time \"%s\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"%s\"".formatted(time, time));
		}
	}

}
