package io.clusterboot.internal.worker;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection to a loopback port, kept alive across requests, that shows the
 * headers the server sent.
 *
 * @author ClusterBoot team
 */
public final class HttpTestConnection implements Closeable {

	private final Socket socket;

	private final InputStream input;

	/**
	 * Opens a connection.
	 * @param port the loopback port
	 * @throws IOException if the connection fails
	 */
	public HttpTestConnection(int port) throws IOException {
		this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
		this.socket.setSoTimeout(10_000);
		this.input = this.socket.getInputStream();
	}

	/**
	 * Sends {@code GET /} and reads the whole response.
	 * @return the response
	 * @throws IOException if the connection fails or closes early
	 */
	public Response get() throws IOException {
		this.socket.getOutputStream()
			.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		String status = readLine();
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? readChunks()
				: new String(this.input.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))),
						StandardCharsets.UTF_8);
		return new Response(status, headers, body);
	}

	/**
	 * Tells whether the server has closed the connection: the next read sees the end of
	 * the stream.
	 * @return whether the connection is closed by the server
	 * @throws IOException if the read fails
	 */
	public boolean isClosedByServer() throws IOException {
		return this.input.read() == -1;
	}

	private String readChunks() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size = Integer.parseInt(readLine(), 16); size > 0; size = Integer.parseInt(readLine(), 16)) {
			body.write(this.input.readNBytes(size));
			readLine();
		}
		readLine();
		return body.toString(StandardCharsets.UTF_8);
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int next = this.input.read(); next != '\n'; next = this.input.read()) {
			if (next == -1) {
				throw new IOException("Connection closed by the server");
			}
			if (next != '\r') {
				line.append((char) next);
			}
		}
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A response.
	 *
	 * @param status the status line
	 * @param headers the headers, names in lower case
	 * @param body the body
	 */
	public record Response(String status, Map<String, String> headers, String body) {

		/**
		 * Tells whether the response asks to close the connection.
		 * @return whether it carries {@code Connection: close}
		 */
		public boolean closesConnection() {
			return "close".equalsIgnoreCase(this.headers.get("connection"));
		}

	}

}
