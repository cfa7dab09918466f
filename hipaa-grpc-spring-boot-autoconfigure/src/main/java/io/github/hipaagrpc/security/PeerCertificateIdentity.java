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

package io.github.hipaagrpc.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Service identity read from a client certificate: a URI subject alternative name (such
 * as a SPIFFE id), a DNS subject alternative name, or the subject's common name, taken in
 * the order configured.
 *
 * @param name the identity
 * @param source where in the certificate the identity was found
 * @since 0.1.0
 */
public record PeerCertificateIdentity(String name, Source source) {

	private static final int DNS_NAME = 2;

	private static final int URI = 6;

	/**
	 * Read the identity of a certificate.
	 * @param certificate the client certificate
	 * @param sources where to look, in order
	 * @return the identity, or {@code null} if the certificate has none of the given
	 * kinds
	 */
	public static @Nullable PeerCertificateIdentity of(X509Certificate certificate, List<Source> sources) {
		Assert.notNull(certificate, "'certificate' must not be null");
		Assert.notEmpty(sources, "'sources' must not be empty");
		for (Source source : sources) {
			String name = source.read(certificate);
			if (name != null) {
				return new PeerCertificateIdentity(name, source);
			}
		}
		return null;
	}

	/**
	 * Return the common name in a distinguished name.
	 * @param distinguishedName the distinguished name, in RFC 2253 form
	 * @return the common name, or {@code null} if there is none
	 * @throws InvalidNameException if the name is not a distinguished name
	 */
	static @Nullable String commonName(String distinguishedName) throws InvalidNameException {
		for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
			if ("CN".equalsIgnoreCase(rdn.getType())) {
				return rdn.getValue().toString();
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return this.name;
	}

	/**
	 * Part of a certificate that names its holder.
	 */
	public enum Source {

		/**
		 * The first URI subject alternative name, such as
		 * {@code spiffe://example.org/ns/records/sa/billing}.
		 */
		URI_SAN {

			@Override
			@Nullable String read(X509Certificate certificate) {
				return subjectAlternativeName(certificate, URI);
			}

		},

		/**
		 * The first DNS subject alternative name.
		 */
		DNS_SAN {

			@Override
			@Nullable String read(X509Certificate certificate) {
				String name = subjectAlternativeName(certificate, DNS_NAME);
				return (name != null) ? name.toLowerCase(Locale.ROOT) : null;
			}

		},

		/**
		 * The subject's common name.
		 */
		COMMON_NAME {

			@Override
			@Nullable String read(X509Certificate certificate) {
				try {
					return commonName(certificate.getSubjectX500Principal().getName());
				}
				catch (InvalidNameException ex) {
					return null;
				}
			}

		};

		abstract @Nullable String read(X509Certificate certificate);

		private static @Nullable String subjectAlternativeName(X509Certificate certificate, int type) {
			try {
				Collection<List<?>> names = certificate.getSubjectAlternativeNames();
				if (names == null) {
					return null;
				}
				for (List<?> name : names) {
					if (name.size() == 2 && Integer.valueOf(type).equals(name.get(0))
							&& name.get(1) instanceof String value) {
						return value;
					}
				}
				return null;
			}
			catch (CertificateParsingException ex) {
				return null;
			}
		}

	}

}
