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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.naming.InvalidNameException;

import org.jspecify.annotations.Nullable;

/**
 * Client certificate that a proxy verified, as one element of an
 * {@code x-forwarded-client-cert} header in Envoy's format: its URI and DNS subject
 * alternative names and its subject, in RFC 2253 form. Every other key is checked for
 * syntax only.
 *
 * @param uris the URI subject alternative names, in the order given
 * @param dnsNames the DNS subject alternative names, in the order given
 * @param subject the subject, or {@code null} if the element has none
 */
record ForwardedClientCertificate(List<String> uris, List<String> dnsNames, @Nullable String subject) {

	private static final Set<String> SINGLE_VALUED_KEYS = Set.of("hash", "cert", "chain", "subject");

	/**
	 * Parse a header value and return the element that the nearest proxy appended, which
	 * is the last one.
	 * @param header the header value, several header fields joined with commas
	 * @return the nearest proxy's element
	 * @throws IllegalArgumentException if the value is malformed; the message names the
	 * position of the fault, never the value
	 */
	static ForwardedClientCertificate parseNearest(String header) {
		List<ForwardedClientCertificate> elements = parse(header);
		return elements.get(elements.size() - 1);
	}

	/**
	 * Parse a header value into its elements, one for each proxy, nearest last.
	 * @param header the header value
	 * @return the elements
	 * @throws IllegalArgumentException if the value is malformed; the message names the
	 * position of the fault, never the value
	 */
	static List<ForwardedClientCertificate> parse(String header) {
		return new Parser(header).elements();
	}

	/**
	 * Return the identity of the certificate, read from the given parts in order.
	 * @param sources where to look, in order
	 * @return the identity, or {@code null} if the element has none of the given kinds
	 * @throws IllegalArgumentException if the subject is read and is not a distinguished
	 * name
	 */
	@Nullable PeerCertificateIdentity identity(List<PeerCertificateIdentity.Source> sources) {
		for (PeerCertificateIdentity.Source source : sources) {
			String name = read(source);
			if (name != null) {
				return new PeerCertificateIdentity(name, source);
			}
		}
		return null;
	}

	private @Nullable String read(PeerCertificateIdentity.Source source) {
		return switch (source) {
			case URI_SAN -> first(this.uris);
			case DNS_SAN -> lowerCase(first(this.dnsNames));
			case COMMON_NAME -> commonName();
		};
	}

	private @Nullable String commonName() {
		if (this.subject == null || this.subject.isEmpty()) {
			return null;
		}
		try {
			return PeerCertificateIdentity.commonName(this.subject);
		}
		catch (InvalidNameException ex) {
			throw new IllegalArgumentException("The subject is not an RFC 2253 distinguished name");
		}
	}

	private static @Nullable String first(List<String> values) {
		return values.stream().filter((value) -> !value.isEmpty()).findFirst().orElse(null);
	}

	private static @Nullable String lowerCase(@Nullable String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * Reads a header value: elements separated by commas, each a list of key-value pairs
	 * separated by semicolons. A value that holds a comma, semicolon or equals sign is
	 * double-quoted, and a double quote inside it is escaped with a backslash.
	 */
	private static final class Parser {

		private final String text;

		private int position;

		Parser(String text) {
			this.text = text;
		}

		List<ForwardedClientCertificate> elements() {
			List<ForwardedClientCertificate> elements = new ArrayList<>();
			elements.add(element());
			while (consume(',')) {
				elements.add(element());
			}
			if (this.position < this.text.length()) {
				throw fault("Expected ',' or ';'");
			}
			return elements;
		}

		private ForwardedClientCertificate element() {
			ElementBuilder element = new ElementBuilder();
			pair(element);
			while (consume(';')) {
				pair(element);
			}
			return element.build();
		}

		private void pair(ElementBuilder element) {
			int start = this.position;
			String key = key();
			if (!consume('=')) {
				throw fault("Expected '=' after a key");
			}
			String value = (peek() == '"') ? quoted() : unquoted();
			if (!element.add(key.toLowerCase(Locale.ROOT), value)) {
				this.position = start;
				throw fault("Repeated key");
			}
		}

		private String key() {
			int start = this.position;
			while (this.position < this.text.length() && isKeyCharacter(this.text.charAt(this.position))) {
				this.position++;
			}
			if (this.position == start) {
				throw fault("Expected a key");
			}
			return this.text.substring(start, this.position);
		}

		private String unquoted() {
			int start = this.position;
			while (this.position < this.text.length()) {
				char character = this.text.charAt(this.position);
				if (character == ',' || character == ';') {
					break;
				}
				if (character == '"' || isControl(character)) {
					throw fault("Unexpected character in an unquoted value");
				}
				this.position++;
			}
			return this.text.substring(start, this.position);
		}

		private String quoted() {
			StringBuilder value = new StringBuilder();
			int start = this.position++;
			while (this.position < this.text.length()) {
				char character = this.text.charAt(this.position++);
				if (character == '"') {
					return value.toString();
				}
				if (isControl(character)) {
					throw fault("Unexpected character in a quoted value");
				}
				if (character == '\\' && this.position < this.text.length()) {
					escaped(value, this.text.charAt(this.position));
					continue;
				}
				value.append(character);
			}
			this.position = start;
			throw fault("Unterminated quoted value");
		}

		// Only an escaped double quote loses its backslash. Any other backslash stays in
		// the value, as the escapes of an RFC 2253 subject must, and an escaped
		// backslash is kept whole so that it cannot escape the quote after it.
		private void escaped(StringBuilder value, char next) {
			if (next == '"') {
				value.append('"');
				this.position++;
				return;
			}
			value.append('\\');
			if (next == '\\') {
				value.append('\\');
				this.position++;
			}
		}

		private boolean consume(char expected) {
			if (peek() == expected) {
				this.position++;
				return true;
			}
			return false;
		}

		private int peek() {
			return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
		}

		private IllegalArgumentException fault(String problem) {
			return new IllegalArgumentException("%s at position %d".formatted(problem, this.position));
		}

		private static boolean isKeyCharacter(char character) {
			return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
					|| (character >= '0' && character <= '9') || character == '-' || character == '_';
		}

		private static boolean isControl(char character) {
			return character < ' ' || character == 0x7f;
		}

	}

	/**
	 * Collects the pairs of one element.
	 */
	private static final class ElementBuilder {

		private final List<String> uris = new ArrayList<>();

		private final List<String> dnsNames = new ArrayList<>();

		private final Set<String> seen = new HashSet<>();

		private @Nullable String subject;

		boolean add(String key, String value) {
			if (SINGLE_VALUED_KEYS.contains(key) && !this.seen.add(key)) {
				return false;
			}
			switch (key) {
				case "uri" -> this.uris.add(value);
				case "dns" -> this.dnsNames.add(value);
				case "subject" -> this.subject = value;
				default -> {
				}
			}
			return true;
		}

		ForwardedClientCertificate build() {
			return new ForwardedClientCertificate(List.copyOf(this.uris), List.copyOf(this.dnsNames), this.subject);
		}

	}

}
