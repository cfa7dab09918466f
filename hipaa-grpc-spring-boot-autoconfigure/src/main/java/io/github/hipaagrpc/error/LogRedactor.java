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

package io.github.hipaagrpc.error;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.hipaagrpc.ephi.EphiFields;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Masks secrets and ePHI values in text bound for a log. Masked with {@value #MASK}:
 * <ul>
 * <li>PEM private key blocks, from {@code -----BEGIN ... PRIVATE KEY-----} to the
 * matching {@code END} line (or to the end of a truncated text);</li>
 * <li>values of the {@code authorization}, {@code proxy-authorization},
 * {@code x-vault-token}, {@code access_token}, {@code refresh_token}, {@code id_token},
 * {@code client_secret} and {@code password} keys (in any case, with or without
 * separators), and of every ePHI field named by {@link EphiFields}, in the renderings
 * that exception messages use: protobuf text format ({@code ssn: "..."} and
 * {@code address { ... }}), JSON ({@code "ssn":"..."}), {@code key=value} (as in gRPC's
 * {@code Metadata(authorization=...)} and in {@code toString()} of records) and
 * {@code key: value};</li>
 * <li>compact JWTs ({@code eyJ...} with three or five base64url parts);</li>
 * <li>Vault tokens ({@code hvs.}, {@code hvb.} and {@code hvr.} tokens, and legacy
 * {@code s.} tokens of 24 letters and digits);</li>
 * <li>the credentials after {@code Bearer} (in any case).</li>
 * </ul>
 * A quoted or bracketed value keeps its quotes or brackets; a bare value runs to the next
 * {@code ,}, {@code ;}, {@code &}, closing bracket or line break. Text with nothing to
 * mask is returned as the same instance. The redactor never throws: should masking fail,
 * the whole text is replaced by the mask.
 *
 * @since 0.1.0
 */
public final class LogRedactor {

	/**
	 * Text that replaces every masked value.
	 */
	public static final String MASK = "[REDACTED]";

	private static final Set<String> SECRET_KEYS = Set.of("authorization", "proxyauthorization", "xvaulttoken",
			"accesstoken", "refreshtoken", "idtoken", "clientsecret", "password");

	private static final Pattern PRIVATE_KEY = Pattern
		.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);

	private static final Pattern JWT = Pattern
		.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){2,4}");

	private static final Pattern VAULT_TOKEN = Pattern
		.compile("(?<![A-Za-z0-9_.-])(?:hv[sbr]\\.[A-Za-z0-9_-]{20,}|s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9_-]))");

	private static final Pattern BEARER = Pattern.compile("(?<![A-Za-z0-9_-])bearer[ \\t]+([A-Za-z0-9._~+/-]+=*)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern KEY = Pattern
		.compile("\"([A-Za-z][\\w-]*+)\"\\s*[:=]\\s*" + "|'([A-Za-z][\\w-]*+)'\\s*[:=]\\s*"
				+ "|(?<![\\w-])([A-Za-z][\\w-]*+)(?::[ \\t]*|[ \\t]*=[ \\t]*|[ \\t]*(?=\\{))");

	private static final int MINIMUM_LETTERS_ONLY_TOKEN = 16;

	private final EphiFields ephiFields;

	/**
	 * Create a new redactor.
	 * @param ephiFields the names of the fields whose values are ePHI, read on every call
	 * so that names added later take effect at once
	 */
	public LogRedactor(EphiFields ephiFields) {
		Assert.notNull(ephiFields, "'ephiFields' must not be null");
		this.ephiFields = ephiFields;
	}

	/**
	 * Return the given text with every secret and ePHI value masked.
	 * @param text the text to redact
	 * @return the redacted text, or the given instance when nothing was masked
	 */
	public String redact(String text) {
		try {
			return redactAll(text);
		}
		catch (RuntimeException | StackOverflowError ex) {
			return MASK;
		}
	}

	private String redactAll(String text) {
		if (text.length() < 3) {
			return text;
		}
		String result = (text.contains("PRIVATE KEY")) ? PRIVATE_KEY.matcher(text).replaceAll(MASK) : text;
		result = (hasSeparator(result)) ? redactKeyValues(result) : result;
		result = (result.contains("eyJ")) ? JWT.matcher(result).replaceAll(MASK) : result;
		result = (result.indexOf('.') >= 0) ? VAULT_TOKEN.matcher(result).replaceAll(MASK) : result;
		return (containsBearer(result)) ? redactBearerTokens(result) : result;
	}

	private String redactKeyValues(String text) {
		Matcher matcher = KEY.matcher(text);
		Masked masked = new Masked(text);
		int from = 0;
		while (from < text.length() && matcher.find(from)) {
			from = matcher.end();
			if (isSensitive(key(matcher))) {
				from = maskValue(masked, text, matcher.end());
			}
		}
		return masked.toString();
	}

	private static String key(Matcher matcher) {
		String key = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
		key = (key != null) ? key : matcher.group(3);
		return (key != null) ? key : "";
	}

	private boolean isSensitive(String key) {
		return SECRET_KEYS.contains(withoutSeparators(key)) || this.ephiFields.contains(key);
	}

	private static String withoutSeparators(String key) {
		return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
	}

	private static int maskValue(Masked masked, String text, int start) {
		if (start >= text.length() || text.startsWith(MASK, start)) {
			return start;
		}
		char first = text.charAt(start);
		if (first == '"' || first == '\'') {
			int end = closingQuote(text, start);
			return masked.mask(start + 1, end, end + 1);
		}
		if (first == '{' || first == '[' || first == '(') {
			int end = closingBracket(text, start);
			return masked.mask(start + 1, end, end + 1);
		}
		int end = bareValueEnd(text, start);
		return masked.mask(start, end, end);
	}

	private static int closingQuote(String text, int open) {
		char quote = text.charAt(open);
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != quote) {
			i += (text.charAt(i) == '\\') ? 2 : 1;
		}
		return Math.min(i, text.length());
	}

	private static int closingBracket(String text, int open) {
		char opening = text.charAt(open);
		char closing = (opening == '{') ? '}' : ((opening == '[') ? ']' : ')');
		int depth = 1;
		int i = open + 1;
		while (i < text.length()) {
			char ch = text.charAt(i);
			depth += (ch == opening) ? 1 : ((ch == closing) ? -1 : 0);
			if (depth == 0) {
				return i;
			}
			i = ((ch == '"') ? closingQuote(text, i) : i) + 1;
		}
		return text.length();
	}

	private static int bareValueEnd(String text, int start) {
		int end = start;
		while (end < text.length() && ",;&)]}>\r\n".indexOf(text.charAt(end)) < 0) {
			end++;
		}
		while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
			end--;
		}
		return end;
	}

	private static String redactBearerTokens(String text) {
		Matcher matcher = BEARER.matcher(text);
		Masked masked = new Masked(text);
		while (matcher.find()) {
			int start = matcher.start(1);
			int end = tokenEnd(text, start, matcher.end(1));
			if (isToken(text, start, end)) {
				masked.mask(start, end, end);
			}
		}
		return masked.toString();
	}

	private static int tokenEnd(String text, int start, int end) {
		if (text.charAt(end - 1) == '=') {
			return end;
		}
		int trimmed = end;
		while (trimmed > start && text.charAt(trimmed - 1) == '.') {
			trimmed--;
		}
		return trimmed;
	}

	private static boolean isToken(String text, int start, int end) {
		int body = end;
		while (body > start && text.charAt(body - 1) == '=') {
			body--;
		}
		boolean padded = body < end;
		if (body == start || (padded && isKeyValue(text, end))) {
			return false;
		}
		return padded || body - start >= MINIMUM_LETTERS_ONLY_TOKEN || !isLetters(text, start, body);
	}

	private static boolean isKeyValue(String text, int end) {
		if (end == text.length()) {
			return false;
		}
		char next = text.charAt(end);
		return next == '"' || next == '\'' || Character.isLetterOrDigit(next);
	}

	private static boolean isLetters(String text, int start, int end) {
		for (int i = start; i < end; i++) {
			char ch = text.charAt(i);
			if ((ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z')) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasSeparator(String text) {
		return text.indexOf(':') >= 0 || text.indexOf('=') >= 0 || text.indexOf('{') >= 0;
	}

	private static boolean containsBearer(String text) {
		for (int i = 0; i <= text.length() - 6; i++) {
			char ch = text.charAt(i);
			if ((ch == 'b' || ch == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Text being rebuilt with some ranges masked, copied only once something is masked.
	 */
	private static final class Masked {

		private final String text;

		private @Nullable StringBuilder result;

		private int copied;

		Masked(String text) {
			this.text = text;
		}

		int mask(int start, int end, int resume) {
			if (end <= start || isMask(start, end)) {
				return Math.max(resume, start);
			}
			StringBuilder builder = (this.result != null) ? this.result : new StringBuilder(this.text.length());
			builder.append(this.text, this.copied, start).append(MASK);
			this.result = builder;
			this.copied = end;
			return Math.min(resume, this.text.length());
		}

		private boolean isMask(int start, int end) {
			return end - start == MASK.length() && this.text.startsWith(MASK, start);
		}

		@Override
		public String toString() {
			if (this.result == null) {
				return this.text;
			}
			return this.result.append(this.text, this.copied, this.text.length()).toString();
		}

	}

}
