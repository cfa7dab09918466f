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

package io.github.hipaagrpc.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import org.springframework.util.Assert;

/**
 * Forges the invalid tokens that a resource server must reject: unsigned, signed with the
 * wrong kind of key, cut short, tampered with, or not a JWT at all.
 * <p>
 * Every method takes a valid compact JWT, usually from {@link JwtMinter}, and keeps its
 * claims unless its name says otherwise.
 *
 * @since 0.1.0
 */
public final class BrokenTokens {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final int TRUNCATED_CHARACTERS = 4;

	private BrokenTokens() {
	}

	/**
	 * Return the token with its signature removed and the header {@code {"alg":"none"}},
	 * in the form {@code header.payload.}.
	 * @param token a compact signed JWT
	 * @return the unsigned token
	 */
	public static String unsigned(String token) {
		String[] parts = split(token);
		String header = encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
		return header + "." + parts[1] + ".";
	}

	/**
	 * Return the token re-signed with HMAC-SHA256 whose secret is the encoded public key
	 * of the given key, as in the key-confusion attack on servers that let the token pick
	 * the algorithm.
	 * @param token a compact signed JWT
	 * @param key the key whose public key serves as the HMAC secret
	 * @return the re-signed token
	 */
	public static String hmacSignedWithPublicKey(String token, TestSigningKey key) {
		Assert.notNull(key, "'key' must not be null");
		String[] parts = split(token);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
			.keyID(key.keyId())
			.build();
		String signingInput = header.toBase64URL() + "." + parts[1];
		byte[] signature = hmacSha256(key.publicKey().getEncoded(), signingInput);
		return signingInput + "." + encode(signature);
	}

	/**
	 * Return the token with the last characters of its signature cut off.
	 * @param token a compact signed JWT
	 * @return the truncated token
	 */
	public static String truncatedSignature(String token) {
		String[] parts = split(token);
		Assert.isTrue(parts[2].length() > TRUNCATED_CHARACTERS, "'token' must have a signature");
		String signature = parts[2].substring(0, parts[2].length() - TRUNCATED_CHARACTERS);
		return parts[0] + "." + parts[1] + "." + signature;
	}

	/**
	 * Return a string that is not a JWT at all.
	 * @return the malformed token
	 */
	public static String malformed() {
		return "not-a-jwt";
	}

	/**
	 * Return the token with its subject changed and its signature kept, as an attacker
	 * who edits the payload would send it.
	 * @param token a compact signed JWT
	 * @return the tampered token
	 */
	public static String tamperedPayload(String token) {
		Map<String, Object> claims = claims(split(token)[1]);
		Object subject = claims.get("sub");
		String tampered = (subject != null) ? subject + "-tampered" : "tampered";
		return tamperedPayload(token, "sub", tampered);
	}

	/**
	 * Return the token with one claim set to another value and its signature kept, for
	 * example a role added to {@code roles}.
	 * @param token a compact signed JWT
	 * @param name the name of the claim to set
	 * @param value the new claim value
	 * @return the tampered token
	 */
	public static String tamperedPayload(String token, String name, Object value) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(value, "'value' must not be null");
		String[] parts = split(token);
		Map<String, Object> claims = claims(parts[1]);
		claims.put(name, value);
		String payload = encode(JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8));
		return parts[0] + "." + payload + "." + parts[2];
	}

	private static String[] split(String token) {
		Assert.hasText(token, "'token' must not be empty");
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		boolean compact = first > 0 && second > first && token.indexOf('.', second + 1) == -1;
		Assert.isTrue(compact, "'token' must be a compact JWS");
		return new String[] { token.substring(0, first), token.substring(first + 1, second),
				token.substring(second + 1) };
	}

	private static Map<String, Object> claims(String payload) {
		try {
			return new LinkedHashMap<>(JSONObjectUtils.parse(new Base64URL(payload).decodeToString()));
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("'token' must have a JSON payload", ex);
		}
	}

	private static byte[] hmacSha256(byte[] secret, String signingInput) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Unable to compute an HMAC-SHA256 signature", ex);
		}
	}

	private static String encode(byte[] bytes) {
		return ENCODER.encodeToString(bytes);
	}

}
