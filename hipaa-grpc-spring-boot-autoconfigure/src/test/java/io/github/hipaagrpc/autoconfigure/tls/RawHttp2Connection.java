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

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLSocket;

/**
 * HTTP/2 connection over TLS 1.3 that sends and reads frames itself, for tests of what
 * the gRPC listener does at the connection level (pings, {@code GOAWAY}).
 */
final class RawHttp2Connection implements AutoCloseable {

	static final int PING = 6;

	static final int GOAWAY = 7;

	static final int ACK = 1;

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int SETTINGS = 4;

	private final SSLSocket socket;

	private final DataInputStream input;

	private RawHttp2Connection(SSLSocket socket) throws IOException {
		this.socket = socket;
		this.input = new DataInputStream(socket.getInputStream());
	}

	/**
	 * Connect, agree on HTTP/2 by ALPN, and send the client preface with empty settings.
	 * @param port the listener's port on {@code localhost}
	 * @param trustAnchor the certificate authority to trust
	 * @return the connection, which the caller closes
	 * @throws IOException if the connection cannot be opened
	 */
	static RawHttp2Connection open(int port, X509Certificate trustAnchor) throws IOException {
		String[] protocols = { "TLSv1.3" };
		SSLSocket socket = TlsClients.connect(port, trustAnchor, protocols, "h2");
		socket.startHandshake();
		RawHttp2Connection connection = new RawHttp2Connection(socket);
		connection.write(PREFACE);
		connection.writeFrame(SETTINGS, 0, new byte[0]);
		return connection;
	}

	/**
	 * Send a {@code PING} frame.
	 * @param data the ping's opaque data
	 * @throws IOException if writing fails
	 */
	void ping(long data) throws IOException {
		writeFrame(PING, 0, ByteBuffer.allocate(8).putLong(data).array());
	}

	/**
	 * Read the next frame on the connection.
	 * @return the frame
	 * @throws IOException if reading fails, including when no frame arrives in time
	 */
	Frame read() throws IOException {
		byte[] header = new byte[9];
		this.input.readFully(header);
		int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
		byte[] payload = new byte[length];
		this.input.readFully(payload);
		return new Frame(header[3], header[4], payload);
	}

	private void writeFrame(int type, int flags, byte[] payload) throws IOException {
		ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
		frame.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
		frame.put((byte) type).put((byte) flags).putInt(0).put(payload);
		write(frame.array());
	}

	private void write(byte[] bytes) throws IOException {
		OutputStream output = this.socket.getOutputStream();
		output.write(bytes);
		output.flush();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * HTTP/2 frame read from the connection.
	 */
	static final class Frame {

		private final int type;

		private final int flags;

		private final byte[] payload;

		Frame(int type, int flags, byte[] payload) {
			this.type = type;
			this.flags = flags;
			this.payload = payload;
		}

		boolean isPingAck() {
			return this.type == PING && (this.flags & ACK) != 0;
		}

		boolean isGoAway() {
			return this.type == GOAWAY;
		}

		/**
		 * Return the error code of a {@code GOAWAY} frame.
		 * @return the error code
		 */
		int errorCode() {
			return ByteBuffer.wrap(this.payload, 4, 4).getInt();
		}

		/**
		 * Return the debug data of a {@code GOAWAY} frame.
		 * @return the debug data as text
		 */
		String debugData() {
			return new String(Arrays.copyOfRange(this.payload, 8, this.payload.length), StandardCharsets.US_ASCII);
		}

	}

}
