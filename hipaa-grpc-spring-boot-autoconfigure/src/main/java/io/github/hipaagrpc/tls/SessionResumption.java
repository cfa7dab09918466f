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

package io.github.hipaagrpc.tls;

import java.security.SecureRandom;
import java.util.Collections;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;

/**
 * Ends TLS session resumption whenever the listener's key material changes. A resumed
 * session skips the certificate exchange: the client keeps the server certificate of the
 * original handshake, and a client certificate is not checked against the current trust
 * anchors. Without this, clients that reconnect after a rotation or a withdrawn
 * certificate authority would go on using the old ones. With OpenSSL the session ticket
 * key is replaced and the session cache emptied; with the JDK provider only its session
 * cache can be emptied, as its stateless TLS 1.3 tickets cannot be withdrawn per context.
 */
final class SessionResumption {

	private static final SecureRandom random = new SecureRandom();

	private SessionResumption() {
	}

	static void endOnChange(SslContext context, HipaaGrpcTlsKeyMaterial keyMaterial) {
		SSLSessionContext sessions = context.sessionContext();
		if (sessions instanceof OpenSslSessionContext openSsl) {
			keyMaterial.addChangeListener(() -> end(openSsl));
			return;
		}
		keyMaterial.addChangeListener(() -> invalidateCached(sessions));
	}

	private static void end(OpenSslSessionContext sessions) {
		sessions.setTicketKeys(new OpenSslSessionTicketKey(randomBytes(OpenSslSessionTicketKey.NAME_SIZE),
				randomBytes(OpenSslSessionTicketKey.HMAC_KEY_SIZE), randomBytes(OpenSslSessionTicketKey.AES_KEY_SIZE)));
		invalidateCached(sessions);
	}

	private static void invalidateCached(SSLSessionContext sessions) {
		for (byte[] id : Collections.list(sessions.getIds())) {
			SSLSession session = sessions.getSession(id);
			if (session != null) {
				session.invalidate();
			}
		}
	}

	private static byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}

}
