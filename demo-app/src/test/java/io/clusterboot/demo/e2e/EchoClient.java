package io.clusterboot.demo.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the demo's WebSocket echo ({@code /echo}) on the JDK's WebSocket client,
 * which does what a well-behaved client does when the server closes a session with 1001
 * "going away": it opens a new session at once. Every session is kept with the pid that
 * greeted it and the close code it got.
 *
 * @author ClusterBoot team
 */
final class EchoClient implements AutoCloseable {

	static final String PATH = "/echo";

	private static final Pattern PID = Pattern.compile("^pid=(\\d+)");

	private static final Duration RETRY = Duration.ofMillis(200);

	private final HttpClient http = HttpClient.newHttpClient();

	private final URI uri;

	private final List<Session> sessions = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	private EchoClient(int port) {
		this.uri = URI.create("ws://127.0.0.1:" + port + PATH);
	}

	/**
	 * Starts a client of the echo at 127.0.0.1:port.
	 * @param port the port
	 * @return the client, connecting
	 */
	static EchoClient start(int port) {
		EchoClient client = new EchoClient(port);
		client.open();
		return client;
	}

	private void open() {
		Session session = new Session();
		this.sessions.add(session);
		this.http.newWebSocketBuilder().buildAsync(this.uri, session).whenComplete((webSocket, failure) -> {
			if (failure != null) {
				session.failed(failure);
			}
		});
	}

	/**
	 * Every session so far, the current one last.
	 * @return the sessions
	 */
	List<Session> sessions() {
		return List.copyOf(this.sessions);
	}

	@Override
	public void close() {
		this.closed = true;
		for (Session session : this.sessions) {
			session.abort();
		}
	}

	@Override
	public String toString() {
		return "echo client " + this.sessions;
	}

	/**
	 * One session: the pid that greeted it and how it ended.
	 */
	final class Session implements WebSocket.Listener {

		private final StringBuilder text = new StringBuilder();

		private volatile WebSocket webSocket;

		private volatile long pid;

		private volatile Integer closeCode;

		private volatile Throwable failure;

		@Override
		public void onOpen(WebSocket webSocket) {
			this.webSocket = webSocket;
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				Matcher pid = PID.matcher(this.text);
				if (this.pid == 0 && pid.find()) {
					this.pid = Long.parseLong(pid.group(1));
				}
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closeCode = statusCode;
			reopen();
			// returning completes the closing handshake
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			failed(error);
		}

		private void failed(Throwable error) {
			this.failure = error;
			// a client does not hammer a server it failed to reach
			CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(this::reopen);
		}

		private void reopen() {
			if (!EchoClient.this.closed) {
				open();
			}
		}

		private void abort() {
			WebSocket webSocket = this.webSocket;
			if (webSocket != null) {
				webSocket.abort();
			}
		}

		/**
		 * The process that greeted this session.
		 * @return its pid, or 0 before the greeting
		 */
		long pid() {
			return this.pid;
		}

		/**
		 * The close code the server sent.
		 * @return the code, or {@code null} while the session is open or if it failed
		 */
		Integer closeCode() {
			return this.closeCode;
		}

		Throwable failure() {
			return this.failure;
		}

		@Override
		public String toString() {
			return "session greeted by " + this.pid + ": "
					+ ((this.failure != null) ? "failed: " + this.failure
							: (this.closeCode != null) ? "closed " + this.closeCode : "open");
		}

	}

}
