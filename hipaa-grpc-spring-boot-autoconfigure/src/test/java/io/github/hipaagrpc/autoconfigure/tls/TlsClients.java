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

package io.github.hipaagrpc.autoconfigure.tls;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK TLS clients for tests that need to choose exactly what a client offers, below gRPC.
 */
final class TlsClients {

	static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

	private TlsClients() {
	}

	/**
	 * Create a JDK TLS context that trusts only the given certificate authority.
	 * @param trustAnchor the certificate authority
	 * @return the TLS context
	 */
	static SSLContext trusting(X509Certificate trustAnchor) {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", trustAnchor);
			TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
			trustManagers.init(trustStore);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Unable to create the client TLS context", ex);
		}
	}

	/**
	 * Open a TLS socket to {@code localhost} that has not started its handshake yet.
	 * @param port the server's port
	 * @param trustAnchor the certificate authority to trust
	 * @param protocols the protocol versions to offer
	 * @param applicationProtocol the ALPN protocol to offer
	 * @param cipherSuites the cipher suites to offer, or none for the JDK's defaults
	 * @return the socket, which the caller closes
	 * @throws IOException if the connection cannot be opened
	 */
	static SSLSocket connect(int port, X509Certificate trustAnchor, String[] protocols, String applicationProtocol,
			String... cipherSuites) throws IOException {
		SSLSocket socket = (SSLSocket) trusting(trustAnchor).getSocketFactory().createSocket("localhost", port);
		socket.setSoTimeout(Math.toIntExact(READ_TIMEOUT.toMillis()));
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setProtocols(protocols);
		parameters.setApplicationProtocols(new String[] { applicationProtocol });
		if (cipherSuites.length > 0) {
			parameters.setCipherSuites(cipherSuites);
		}
		socket.setSSLParameters(parameters);
		return socket;
	}

	/**
	 * Read from a stream until the peer closes it.
	 * @param input the stream
	 * @return the number of bytes read
	 * @throws IOException if reading fails, including when no end arrives in time
	 */
	static int readToEnd(InputStream input) throws IOException {
		byte[] buffer = new byte[1024];
		int total = 0;
		for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
			total += read;
		}
		return total;
	}

}
