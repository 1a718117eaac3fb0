package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HttpConnection} and {@link HttpLoad} against scripted loopback servers:
 * the load generator must report every way a server can lose a request, and nothing
 * else.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpConnectionTests {

	private static final String JSON = "{\"message\":\"hi\",\"pid\":42}";

	private final List<ScriptedServer> servers = new ArrayList<>();

	@AfterEach
	void closeServers() {
		this.servers.forEach(ScriptedServer::close);
	}

	@Test
	void readsContentLengthResponsesOnOneConnection() throws IOException {
		ScriptedServer server = serve((socket) -> {
			for (int i = 0; i < 2; i++) {
				readRequest(socket);
				write(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
						+ JSON.length() + "\r\n\r\n" + JSON);
			}
		});
		try (HttpConnection connection = HttpConnection.open(server.port(), Duration.ofSeconds(5))) {
			HttpResponse first = connection.get("/hello", false);
			HttpResponse second = connection.get("/hello", false);
			assertThat(first.status()).isEqualTo(200);
			assertThat(first.pid()).hasValue(42);
			assertThat(first.connectionClose()).isFalse();
			assertThat(second.body()).isEqualTo(JSON);
			assertThat(connection.responses()).isEqualTo(2);
		}
	}

	@Test
	void readsChunkedResponseWithExtensionsAndTrailers() throws IOException {
		ScriptedServer server = serve((socket) -> {
			readRequest(socket);
			write(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
					+ "5;ext=1\r\n{\"pid\r\n" + Integer.toHexString(JSON.length() - 5) + "\r\n" + JSON.substring(5)
					+ "\r\n0\r\nX-Trailer: yes\r\n\r\n");
		});
		HttpResponse response = HttpConnection.get(server.port(), "/hello");
		assertThat(response.body()).isEqualTo("{\"pid" + JSON.substring(5));
		assertThat(response.connectionClose()).isTrue();
	}

	@Test
	void sendsAFormAsABrowserDoes() throws IOException {
		List<String> received = new CopyOnWriteArrayList<>();
		ScriptedServer server = serve((socket) -> {
			String head = readRequestHead(socket);
			int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
			received.add(head + new String(socket.getInputStream().readNBytes(length), StandardCharsets.US_ASCII));
			write(socket, "HTTP/1.1 302 Found\r\nLocation: /\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		});
		try (HttpConnection connection = HttpConnection.open(server.port(), Duration.ofSeconds(5))) {
			connection.sendForm("/login", true, "text/html", List.of("Cookie: XSRF-TOKEN=t"), "username=alice&_csrf=x");
			assertThat(connection.readResponse().status()).isEqualTo(302);
		}
		assertThat(received).singleElement()
			.satisfies((request) -> assertThat(request).startsWith("post /login http/1.1\r\n")
				.contains("\r\ncookie: xsrf-token=t\r\n")
				.contains("\r\ncontent-type: application/x-www-form-urlencoded\r\n")
				.contains("\r\ncontent-length: 22\r\n")
				.endsWith("\r\n\r\nusername=alice&_csrf=x"));
	}

	@Test
	void closeBeforeAnyByteIsEof() throws IOException {
		ScriptedServer server = serve(HttpConnectionTests::readRequest);
		try (HttpConnection connection = HttpConnection.open(server.port(), Duration.ofSeconds(5))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> connection.get("/hello", false))
				.satisfies((ex) -> assertThat(FailureKind.of(ex, false)).isEqualTo(FailureKind.EOF))
				.withMessageContaining("before any byte");
		}
	}

	@Test
	void closeMidBodyIsEof() throws IOException {
		ScriptedServer server = serve((socket) -> {
			readRequest(socket);
			write(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"pid\":");
		});
		try (HttpConnection connection = HttpConnection.open(server.port(), Duration.ofSeconds(5))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> connection.get("/hello", false))
				.satisfies((ex) -> assertThat(FailureKind.of(ex, false)).isEqualTo(FailureKind.EOF));
		}
	}

	@Test
	void resetIsReset() throws IOException {
		ScriptedServer server = serve((socket) -> {
			readRequest(socket);
			socket.setSoLinger(true, 0);
		});
		try (HttpConnection connection = HttpConnection.open(server.port(), Duration.ofSeconds(5))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> connection.get("/hello", false))
				.satisfies((ex) -> assertThat(FailureKind.of(ex, false)).isEqualTo(FailureKind.RESET));
		}
	}

	@Test
	void silenceIsTimeout() throws IOException {
		ScriptedServer server = serve((socket) -> {
			readRequest(socket);
			// Hold the connection open without answering until the client gives up.
			socket.getInputStream().read();
		});
		try (HttpConnection connection = HttpConnection.open(server.port(), Duration.ofMillis(300))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> connection.get("/hello", false))
				.satisfies((ex) -> assertThat(FailureKind.of(ex, false)).isEqualTo(FailureKind.TIMEOUT));
		}
	}

	@Test
	void nobodyListeningIsConnectRefused() {
		int port = FreePorts.pick();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> HttpConnection.open(port, Duration.ofSeconds(1)))
			.satisfies((ex) -> assertThat(FailureKind.of(ex, true)).isEqualTo(FailureKind.CONNECT_REFUSED));
	}

	@Test
	void loadReconnectsAfterConnectionCloseWithoutFailures() {
		// Every third response on a connection says Connection: close, like a draining worker.
		ScriptedServer server = serve((socket) -> {
			for (int i = 1; i <= 3; i++) {
				String request = readRequestHead(socket);
				if (request == null) {
					return;
				}
				boolean last = i == 3 || request.contains("connection: close");
				String close = last ? "Connection: close\r\n" : "";
				write(socket, "HTTP/1.1 200 OK\r\n" + close + "Content-Length: " + JSON.length() + "\r\n\r\n" + JSON);
				if (last) {
					return;
				}
			}
		});
		LoadReport report = HttpLoad.to(server.port())
			.keepAliveClients(2)
			.closeClients(2)
			.maxRequests(200)
			.maxDuration(Duration.ofSeconds(20))
			.run(Duration.ofSeconds(25));
		assertThat(report.requests()).as("%s", report).isEqualTo(200);
		assertThat(report.successes()).as("%s", report).isEqualTo(200);
		assertThat(report.unsuccessful()).as("%s", report).isZero();
		assertThat(report.pids()).containsExactly(42L);
		assertThat(report.serverCloses()).as("%s", report).isPositive();
	}

	@Test
	void loadCountsKeepAliveConnectionsClosedWithoutNotice() {
		// After two responses the server drops the connection without Connection: close:
		// the third request on it is lost.
		ScriptedServer server = serve((socket) -> {
			for (int i = 1; i <= 2; i++) {
				if (!readRequest(socket)) {
					return;
				}
				write(socket, "HTTP/1.1 200 OK\r\nContent-Length: " + JSON.length() + "\r\n\r\n" + JSON);
			}
		});
		LoadReport report = HttpLoad.to(server.port())
			.keepAliveClients(1)
			.maxRequests(30)
			.maxDuration(Duration.ofSeconds(20))
			.run(Duration.ofSeconds(25));
		assertThat(report.requests()).as("%s", report).isEqualTo(30);
		assertThat(report.successes()).as("%s", report).isEqualTo(20);
		assertThat(report.failures()).as("%s", report).isEqualTo(10);
		assertThat(report.failuresByKind().keySet()).as("%s", report).isSubsetOf(FailureKind.EOF, FailureKind.RESET);
		assertThat(report.failureExamples()).isNotEmpty();
	}

	@Test
	void loadStopsAtItsMaximumDuration() {
		ScriptedServer server = serve((socket) -> {
			while (readRequest(socket)) {
				write(socket, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
			}
		});
		try (HttpLoad load = HttpLoad.to(server.port()).keepAliveClients(2).maxDuration(Duration.ofMillis(500)).start()) {
			Waits.until("the load to stop by itself", Duration.ofSeconds(10), load::isFinished, () -> "");
			LoadReport report = load.stop();
			assertThat(report.hitMaxDuration()).isTrue();
			assertThat(report.non2xxByStatus()).containsOnlyKeys(503);
			assertThat(report.failures()).isZero();
		}
	}

	private ScriptedServer serve(ConnectionScript script) {
		ScriptedServer server = new ScriptedServer(script);
		this.servers.add(server);
		return server;
	}

	/**
	 * Reads one request head.
	 * @return false if the client closed the connection instead
	 */
	static boolean readRequest(Socket socket) throws IOException {
		return readRequestHead(socket) != null;
	}

	/**
	 * Reads one request head, byte by byte so that nothing after it is consumed.
	 * @return the head in lower case, or null if the client closed the connection
	 */
	static String readRequestHead(Socket socket) throws IOException {
		StringBuilder head = new StringBuilder();
		InputStream in = socket.getInputStream();
		while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
			int next = in.read();
			if (next == -1) {
				return null;
			}
			head.append((char) next);
		}
		return head.toString().toLowerCase(Locale.ROOT);
	}

	static void write(Socket socket, String data) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(data.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/**
	 * What a scripted server does with each accepted connection (closed afterwards).
	 */
	@FunctionalInterface
	interface ConnectionScript {

		void run(Socket socket) throws IOException;

	}

	/**
	 * A loopback server running a script on each connection, one thread per connection.
	 */
	static final class ScriptedServer {

		private final ServerSocket serverSocket;

		ScriptedServer(ConnectionScript script) {
			try {
				this.serverSocket = new ServerSocket();
				this.serverSocket.bind(new InetSocketAddress(FreePorts.LOOPBACK, 0), 100);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread acceptor = new Thread(() -> accept(script), "scripted-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.serverSocket.getLocalPort();
		}

		private void accept(ConnectionScript script) {
			while (!this.serverSocket.isClosed()) {
				try {
					Socket socket = this.serverSocket.accept();
					Thread handler = new Thread(() -> handle(socket, script), "scripted-connection");
					handler.setDaemon(true);
					handler.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private static void handle(Socket socket, ConnectionScript script) {
			try (socket) {
				script.run(socket);
			}
			catch (IOException ex) {
				// The client went away; the script is over either way.
			}
		}

		void close() {
			try {
				this.serverSocket.close();
			}
			catch (IOException ex) {
				// Nothing to do.
			}
		}

	}

}
