package io.clusterboot.demo.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One HTTP/1.1 client connection on a raw {@link Socket} to 127.0.0.1.
 * <p>
 * Deliberately not {@code java.net.http.HttpClient}: that client silently retries and
 * reconnects, which would hide exactly the lost requests the end-to-end tests look for.
 * Here every failure surfaces as an {@link IOException} of the request it hit (see
 * {@link FailureKind#of}); an {@link EOFException} means the server closed the
 * connection before a complete response.
 * <p>
 * Supports what the demo app answers with: {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} bodies, and bodies delimited by close.
 *
 * @author ClusterBoot team
 */
final class HttpConnection implements Closeable {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_LINE = 8192;

	private static final int MAX_BODY = 1 << 20;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final int port;

	private int responses;

	private HttpConnection(Socket socket, int port) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.port = port;
	}

	/**
	 * Connects to {@code 127.0.0.1:port}.
	 * @param port the port
	 * @param readTimeout the longest wait for any byte of a response
	 * @return the connection
	 * @throws IOException if the connect fails
	 */
	static HttpConnection open(int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
			socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port),
					Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
			return new HttpConnection(socket, port);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * One request on a new connection, closed afterwards.
	 * @param port the port
	 * @param path the path
	 * @return the response
	 * @throws IOException if the request fails
	 */
	static HttpResponse get(int port, String path) throws IOException {
		return request(port, "GET", path);
	}

	/**
	 * One request without a body on a new connection, closed afterwards.
	 * @param port the port
	 * @param method the method ({@code GET}, {@code POST}...)
	 * @param path the path
	 * @return the response
	 * @throws IOException if the request fails
	 */
	static HttpResponse request(int port, String method, String path) throws IOException {
		try (HttpConnection connection = open(port, READ_TIMEOUT)) {
			connection.send(method, path, true);
			return connection.readResponse();
		}
	}

	/**
	 * Sends a request and reads its response.
	 * @param path the path
	 * @param close whether to ask the server to close the connection afterwards
	 * @return the response
	 * @throws IOException if the request fails
	 */
	HttpResponse get(String path, boolean close) throws IOException {
		send(path, close);
		return readResponse();
	}

	/**
	 * Writes a GET request (the response is read by {@link #readResponse()}).
	 * @param path the path
	 * @param close whether to send {@code Connection: close}
	 * @throws IOException if writing fails
	 */
	void send(String path, boolean close) throws IOException {
		send("GET", path, close);
	}

	/**
	 * Writes a request without a body (the response is read by {@link #readResponse()}).
	 * @param method the method; any but {@code GET} is sent with
	 * {@code Content-Length: 0}
	 * @param path the path
	 * @param close whether to send {@code Connection: close}
	 * @throws IOException if writing fails
	 */
	void send(String method, String path, boolean close) throws IOException {
		send(method, path, close, "application/json");
	}

	/**
	 * Writes a request without a body that accepts the given media type (the response is
	 * read by {@link #readResponse()} or {@link #readResponse(Consumer)}).
	 * @param method the method; any but {@code GET} is sent with
	 * {@code Content-Length: 0}
	 * @param path the path
	 * @param close whether to send {@code Connection: close}
	 * @param accept the {@code Accept} header
	 * @throws IOException if writing fails
	 */
	void send(String method, String path, boolean close, String accept) throws IOException {
		send(method, path, close, accept, List.of());
	}

	/**
	 * Writes a request without a body, with headers of its own (the response is read by
	 * {@link #readResponse()}).
	 * @param method the method; any but {@code GET} is sent with
	 * {@code Content-Length: 0}
	 * @param path the path
	 * @param close whether to send {@code Connection: close}
	 * @param accept the {@code Accept} header
	 * @param headers more header lines, such as {@code Cookie: SESSION=...}
	 * @throws IOException if writing fails
	 */
	void send(String method, String path, boolean close, String accept, List<String> headers) throws IOException {
		send(method, path, close, accept, headers, "GET".equals(method) ? "" : "Content-Length: 0\r\n", new byte[0]);
	}

	/**
	 * Writes a {@code POST} of a form, as a browser submits one (the response is read by
	 * {@link #readResponse()}).
	 * @param path the path
	 * @param close whether to send {@code Connection: close}
	 * @param accept the {@code Accept} header
	 * @param headers more header lines, such as {@code Cookie: SESSION=...}
	 * @param form the body, {@code application/x-www-form-urlencoded}
	 * @throws IOException if writing fails
	 */
	void sendForm(String path, boolean close, String accept, List<String> headers, String form) throws IOException {
		byte[] body = form.getBytes(StandardCharsets.US_ASCII);
		send("POST", path, close, accept, headers,
				"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n", body);
	}

	private void send(String method, String path, boolean close, String accept, List<String> headers,
			String bodyHeaders, byte[] body) throws IOException {
		String request = method + " " + path + " HTTP/1.1\r\n" + "Host: 127.0.0.1:" + this.port + "\r\n"
				+ "User-Agent: clusterboot-e2e\r\n" + "Accept: " + accept + "\r\n"
				+ headers.stream().map((header) -> header + "\r\n").collect(Collectors.joining()) + bodyHeaders
				+ (close ? "Connection: close\r\n" : "") + "\r\n";
		this.out.write(request.getBytes(StandardCharsets.US_ASCII));
		this.out.write(body);
		this.out.flush();
	}

	/**
	 * Reads one complete response.
	 * @return the response
	 * @throws IOException if the connection fails or closes before the response is
	 * complete
	 */
	HttpResponse readResponse() throws IOException {
		return readResponse((chunk) -> {
		});
	}

	/**
	 * Reads one complete response, handing each chunk of a chunked body over as it
	 * arrives: a stream of events is seen while it lasts.
	 * @param chunks takes the chunks
	 * @return the response
	 * @throws IOException if the connection fails or closes before the response is
	 * complete, in the middle of a chunk or between two
	 */
	HttpResponse readResponse(Consumer<byte[]> chunks) throws IOException {
		String statusLine = readLine(true);
		int status = parseStatus(statusLine);
		Map<String, String> headers = readHeaders();
		String body = new String(readBody(status, headers, chunks), StandardCharsets.UTF_8);
		this.responses++;
		return new HttpResponse(status, headers, body);
	}

	/**
	 * Waits briefly for the server to close its side after a {@code Connection: close}
	 * response. Letting the server close first leaves the TIME_WAIT on its side and not
	 * on our ephemeral ports, which thousands of short connections would exhaust. A
	 * reset or a timeout here is harmless: the response was already complete.
	 */
	void awaitServerClose() {
		try {
			this.socket.setSoTimeout(1000);
			while (this.in.read() != -1) {
				// Nothing is expected after the response; drop anything until EOF.
			}
		}
		catch (IOException ex) {
			// The response was complete; how the server ended the connection is its business.
		}
	}

	/**
	 * How many complete responses this connection carried.
	 * @return the count
	 */
	int responses() {
		return this.responses;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closing a socket we are done with cannot fail in a way that matters.
		}
	}

	private String reuse() {
		return (this.responses == 0) ? "new connection" : "after " + this.responses + " responses on this connection";
	}

	private int parseStatus(String statusLine) throws ProtocolException {
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
			throw new ProtocolException("Bad status line: " + statusLine);
		}
		try {
			return Integer.parseInt(parts[1]);
		}
		catch (NumberFormatException ex) {
			throw new ProtocolException("Bad status line: " + statusLine);
		}
	}

	private Map<String, String> readHeaders() throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new ProtocolException("Bad header line: " + line);
			}
			String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim();
			headers.merge(name, value, (first, second) -> first + ", " + second);
		}
		return headers;
	}

	private byte[] readBody(int status, Map<String, String> headers, Consumer<byte[]> chunks) throws IOException {
		if ((status >= 100 && status < 200) || status == 204 || status == 304) {
			return new byte[0];
		}
		String transferEncoding = headers.get("transfer-encoding");
		if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
			return readChunked(chunks);
		}
		String contentLength = headers.get("content-length");
		if (contentLength != null) {
			try {
				return readExactly(Integer.parseInt(contentLength.trim()));
			}
			catch (NumberFormatException ex) {
				throw new ProtocolException("Bad Content-Length: " + contentLength);
			}
		}
		return readToEnd();
	}

	private byte[] readChunked(Consumer<byte[]> chunks) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(false);
			int semicolon = sizeLine.indexOf(';');
			String size = ((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine).trim();
			int length;
			try {
				length = Integer.parseInt(size, 16);
			}
			catch (NumberFormatException ex) {
				throw new ProtocolException("Bad chunk size line: " + sizeLine);
			}
			if (length == 0) {
				// Trailers, if any, end with an empty line.
				for (String trailer = readLine(false); !trailer.isEmpty(); trailer = readLine(false)) {
					// Ignored.
				}
				return body.toByteArray();
			}
			if (body.size() + length > MAX_BODY) {
				throw new ProtocolException("Body larger than " + MAX_BODY + " bytes");
			}
			byte[] chunk = readExactly(length);
			body.write(chunk);
			chunks.accept(chunk);
			if (!readLine(false).isEmpty()) {
				throw new ProtocolException("Chunk not followed by CRLF");
			}
		}
	}

	private byte[] readExactly(int length) throws IOException {
		if (length < 0 || length > MAX_BODY) {
			throw new ProtocolException("Unsupported body length " + length);
		}
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("Connection closed after " + bytes.length + " of " + length + " body bytes");
		}
		return bytes;
	}

	private byte[] readToEnd() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int read = this.in.read(buffer); read != -1; read = this.in.read(buffer)) {
			if (body.size() + read > MAX_BODY) {
				throw new ProtocolException("Body larger than " + MAX_BODY + " bytes");
			}
			body.write(buffer, 0, read);
		}
		return body.toByteArray();
	}

	/**
	 * Reads a CRLF-terminated line (a bare LF is tolerated).
	 * @param first whether this is the status line, to tell "closed before any byte of
	 * the response" from "closed mid-response" in the failure message
	 */
	private String readLine(boolean first) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		while (true) {
			int next;
			try {
				next = this.in.read();
			}
			catch (SocketTimeoutException ex) {
				SocketTimeoutException timeout = new SocketTimeoutException("No response within "
						+ this.socket.getSoTimeout() + " ms (" + (first && line.size() == 0 ? "nothing received"
								: "response incomplete") + ", " + reuse() + ")");
				timeout.initCause(ex);
				throw timeout;
			}
			if (next == -1) {
				throw new EOFException(((first && line.size() == 0)
						? "Connection closed by the server before any byte of the response"
						: "Connection closed by the server in the middle of the response") + " (" + reuse() + ")");
			}
			if (next == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			if (line.size() >= MAX_LINE) {
				throw new ProtocolException("Line longer than " + MAX_LINE + " bytes");
			}
			line.write(next);
		}
	}

}
