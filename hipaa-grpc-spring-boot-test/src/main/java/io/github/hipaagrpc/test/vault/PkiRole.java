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

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * A role of the PKI engine: which names it may issue certificates for, how long they live
 * and which key type they get. Defaults follow Vault's: no domains, localhost and IP SANs
 * allowed, EC P-256 keys, no lease.
 * <p>
 * A role is copied when it is added to a {@link VaultPki}, so later changes to this
 * object do not affect the added role.
 *
 * @since 0.1.0
 */
public final class PkiRole {

	private static final Pattern HOSTNAME_LABEL = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?");

	private final String name;

	private List<String> allowedDomains = List.of();

	private boolean allowAnyName;

	private boolean allowBareDomains;

	private boolean allowSubdomains;

	private boolean allowGlobDomains;

	private boolean allowLocalhost = true;

	private boolean allowIpSans = true;

	private List<String> allowedUriSans = List.of();

	private Duration ttl = Duration.ZERO;

	private Duration maxTtl = Duration.ZERO;

	private String keyType = "ec";

	private int keyBits;

	private boolean generateLease;

	private PkiRole(String name) {
		this.name = name;
	}

	private PkiRole(PkiRole source) {
		this.name = source.name;
		this.allowedDomains = source.allowedDomains;
		this.allowAnyName = source.allowAnyName;
		this.allowBareDomains = source.allowBareDomains;
		this.allowSubdomains = source.allowSubdomains;
		this.allowGlobDomains = source.allowGlobDomains;
		this.allowLocalhost = source.allowLocalhost;
		this.allowIpSans = source.allowIpSans;
		this.allowedUriSans = source.allowedUriSans;
		this.ttl = source.ttl;
		this.maxTtl = source.maxTtl;
		this.keyType = source.keyType;
		this.keyBits = source.keyBits;
		this.generateLease = source.generateLease;
	}

	/**
	 * Create a role with Vault's defaults.
	 * @param name the role name, the last segment of {@code pki/issue/:name}
	 * @return the role
	 */
	public static PkiRole named(String name) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(!name.contains("/"), "'name' must not contain '/'");
		return new PkiRole(name);
	}

	/**
	 * Set the domains names may belong to ({@code allowed_domains}).
	 * @param domains the domains
	 * @return this role
	 */
	public PkiRole allowedDomains(String... domains) {
		Assert.noNullElements(domains, "'domains' must not contain null elements");
		this.allowedDomains = List.of(domains);
		return this;
	}

	/**
	 * Set whether any name is allowed ({@code allow_any_name}).
	 * @param allowAnyName whether any name is allowed
	 * @return this role
	 */
	public PkiRole allowAnyName(boolean allowAnyName) {
		this.allowAnyName = allowAnyName;
		return this;
	}

	/**
	 * Set whether an allowed domain itself is allowed ({@code allow_bare_domains}).
	 * @param allowBareDomains whether bare domains are allowed
	 * @return this role
	 */
	public PkiRole allowBareDomains(boolean allowBareDomains) {
		this.allowBareDomains = allowBareDomains;
		return this;
	}

	/**
	 * Set whether subdomains of the allowed domains are allowed
	 * ({@code allow_subdomains}).
	 * @param allowSubdomains whether subdomains are allowed
	 * @return this role
	 */
	public PkiRole allowSubdomains(boolean allowSubdomains) {
		this.allowSubdomains = allowSubdomains;
		return this;
	}

	/**
	 * Set whether the allowed domains are glob patterns ({@code allow_glob_domains}).
	 * @param allowGlobDomains whether the allowed domains are glob patterns
	 * @return this role
	 */
	public PkiRole allowGlobDomains(boolean allowGlobDomains) {
		this.allowGlobDomains = allowGlobDomains;
		return this;
	}

	/**
	 * Set whether {@code localhost} is allowed ({@code allow_localhost}, on by default).
	 * @param allowLocalhost whether localhost is allowed
	 * @return this role
	 */
	public PkiRole allowLocalhost(boolean allowLocalhost) {
		this.allowLocalhost = allowLocalhost;
		return this;
	}

	/**
	 * Set whether IP subject alternative names are allowed ({@code allow_ip_sans}, on by
	 * default).
	 * @param allowIpSans whether IP SANs are allowed
	 * @return this role
	 */
	public PkiRole allowIpSans(boolean allowIpSans) {
		this.allowIpSans = allowIpSans;
		return this;
	}

	/**
	 * Set the glob patterns URI subject alternative names must match
	 * ({@code allowed_uri_sans}). With none, URI SANs are refused.
	 * @param patterns the patterns, for example {@code spiffe://example.org/*}
	 * @return this role
	 */
	public PkiRole allowedUriSans(String... patterns) {
		Assert.noNullElements(patterns, "'patterns' must not contain null elements");
		this.allowedUriSans = List.of(patterns);
		return this;
	}

	/**
	 * Set the TTL of certificates issued without a {@code ttl} ({@code ttl}). Zero uses
	 * the mount's default of 768 hours.
	 * @param ttl the default TTL
	 * @return this role
	 */
	public PkiRole ttl(Duration ttl) {
		Assert.isTrue(ttl != null && !ttl.isNegative(), "'ttl' must not be negative");
		this.ttl = ttl;
		return this;
	}

	/**
	 * Set the longest TTL a certificate may get ({@code max_ttl}). Longer requests are
	 * capped with a warning. Zero uses the mount's maximum of 768 hours.
	 * @param maxTtl the maximum TTL
	 * @return this role
	 */
	public PkiRole maxTtl(Duration maxTtl) {
		Assert.isTrue(maxTtl != null && !maxTtl.isNegative(), "'maxTtl' must not be negative");
		this.maxTtl = maxTtl;
		return this;
	}

	/**
	 * Set the key type of issued certificates ({@code key_type}): {@code ec} (the
	 * default) or {@code rsa}.
	 * @param keyType the key type
	 * @return this role
	 */
	public PkiRole keyType(String keyType) {
		Assert.isTrue("ec".equals(keyType) || "rsa".equals(keyType), "'keyType' must be 'ec' or 'rsa'");
		this.keyType = keyType;
		return this;
	}

	/**
	 * Set the key size ({@code key_bits}): 256, 384 or 521 for EC (default 256), 2048,
	 * 3072 or 4096 for RSA (default 2048). Zero selects the default.
	 * @param keyBits the key size
	 * @return this role
	 */
	public PkiRole keyBits(int keyBits) {
		this.keyBits = keyBits;
		return this;
	}

	/**
	 * Set whether issued certificates get a lease ({@code generate_lease}).
	 * @param generateLease whether to generate a lease
	 * @return this role
	 */
	public PkiRole generateLease(boolean generateLease) {
		this.generateLease = generateLease;
		return this;
	}

	/**
	 * Return the role name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	PkiRole copy() {
		int bits = effectiveKeyBits();
		boolean ec = "ec".equals(this.keyType);
		Assert.isTrue((ec) ? List.of(256, 384, 521).contains(bits) : List.of(2048, 3072, 4096).contains(bits),
				() -> "'keyBits' %d is not supported for key type '%s'".formatted(bits, this.keyType));
		return new PkiRole(this);
	}

	String keyType() {
		return this.keyType;
	}

	int effectiveKeyBits() {
		if (this.keyBits != 0) {
			return this.keyBits;
		}
		return ("ec".equals(this.keyType)) ? 256 : 2048;
	}

	Duration ttl() {
		return this.ttl;
	}

	Duration maxTtl() {
		return this.maxTtl;
	}

	boolean generateLease() {
		return this.generateLease;
	}

	boolean allowIpSans() {
		return this.allowIpSans;
	}

	List<String> allowedUriSans() {
		return this.allowedUriSans;
	}

	/**
	 * Return whether the role allows a common name or DNS subject alternative name.
	 * @param name the name
	 * @return whether the name is allowed
	 */
	boolean allowsName(String name) {
		String host = name.substring(name.indexOf('@') + 1).toLowerCase(Locale.ROOT);
		boolean wildcard = host.startsWith("*.");
		String base = (wildcard) ? host.substring(2) : host;
		if (!isHostname(base)) {
			return false;
		}
		if (this.allowAnyName || (this.allowLocalhost && !wildcard && isLocalhost(base))) {
			return true;
		}
		return this.allowedDomains.stream().anyMatch((domain) -> allowedBy(domain.toLowerCase(Locale.ROOT), host));
	}

	private boolean allowedBy(String domain, String host) {
		if (this.allowBareDomains && host.equals(domain)) {
			return true;
		}
		if (this.allowSubdomains && host.endsWith("." + domain)) {
			return true;
		}
		if ((this.allowBareDomains || this.allowSubdomains) && host.equals("*." + domain)) {
			return true;
		}
		return this.allowGlobDomains && glob(domain).matcher(host).matches();
	}

	/**
	 * Return whether the role allows a URI subject alternative name.
	 * @param uri the URI
	 * @return whether the URI is allowed
	 */
	boolean allowsUri(String uri) {
		return this.allowedUriSans.stream().anyMatch((pattern) -> glob(pattern).matcher(uri).matches());
	}

	private static boolean isLocalhost(String host) {
		return "localhost".equals(host) || "localdomain".equals(host);
	}

	private static boolean isHostname(String host) {
		if (host.isEmpty() || host.length() > 253) {
			return false;
		}
		for (String label : host.split("\\.", -1)) {
			if (!HOSTNAME_LABEL.matcher(label).matches()) {
				return false;
			}
		}
		return true;
	}

	private static Pattern glob(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.split("\\*", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	@Override
	public String toString() {
		return "PkiRole[name='%s', keyType='%s']".formatted(this.name, this.keyType);
	}

}
