package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the demo's event stream ({@code GET /events}, {@code text/event-stream}) that
 * does what a browser's {@code EventSource} does: it reads the stream while it lasts and,
 * once it ends, opens a new one on a new connection. Every stream is kept with the pids
 * its events named and how it ended: a complete chunked body, or cut.
 *
 * @author ClusterBoot team
 */
final class EventStreamClient implements AutoCloseable {

	static final String PATH = "/events";

	private static final Pattern PID = Pattern.compile("pid=(\\d+)");

	/** Between two attempts to connect after a failed one: a client does not hammer. */
	private static final Duration RETRY = Duration.ofMillis(200);

	private final int port;

	private final List<Stream> streams = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean closed;

	private volatile HttpConnection connection;

	private EventStreamClient(int port, String name) {
		this.port = port;
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(true);
	}

	/**
	 * Starts a client that reads the event stream of 127.0.0.1:port.
	 * @param port the port
	 * @param name names its thread
	 * @return the client, connecting
	 */
	static EventStreamClient start(int port, String name) {
		EventStreamClient client = new EventStreamClient(port, name);
		client.thread.start();
		return client;
	}

	/**
	 * Every stream so far, the current one last.
	 * @return the streams
	 */
	List<Stream> streams() {
		return List.copyOf(this.streams);
	}

	private void run() {
		while (!this.closed) {
			Stream stream = new Stream();
			this.streams.add(stream);
			try (HttpConnection connection = HttpConnection.open(this.port, HttpConnection.READ_TIMEOUT)) {
				this.connection = connection;
				connection.send("GET", PATH, false, "text/event-stream");
				HttpResponse response = connection.readResponse(stream::read);
				stream.end("complete, status " + response.status());
			}
			catch (IOException ex) {
				stream.end(this.closed ? "closed by the client" : "failed: " + ex);
				if (!this.closed) {
					LockSupport.parkNanos(RETRY.toNanos());
				}
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		HttpConnection connection = this.connection;
		if (connection != null) {
			connection.close();
		}
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return this.thread.getName() + " " + this.streams;
	}

	/**
	 * One stream: the pids its events named and how it ended.
	 */
	static final class Stream {

		private final Set<Long> pids = ConcurrentHashMap.newKeySet();

		private final StringBuilder line = new StringBuilder();

		private volatile String end;

		private void read(byte[] chunk) {
			for (char next : new String(chunk, StandardCharsets.UTF_8).toCharArray()) {
				if (next != '\n') {
					this.line.append(next);
					continue;
				}
				Matcher pid = PID.matcher(this.line);
				if (this.line.indexOf("data:") == 0 && pid.find()) {
					this.pids.add(Long.parseLong(pid.group(1)));
				}
				this.line.setLength(0);
			}
		}

		private void end(String end) {
			this.end = end;
		}

		/**
		 * The processes whose events this stream carried.
		 * @return their pids
		 */
		Set<Long> pids() {
			return Set.copyOf(this.pids);
		}

		/**
		 * How the stream ended: {@code complete, status 200} for a complete body.
		 * @return how it ended, or {@code null} while it lasts
		 */
		String end() {
			return this.end;
		}

		boolean endedComplete() {
			return this.end != null && this.end.startsWith("complete, status 200");
		}

		@Override
		public String toString() {
			return "stream of " + this.pids + ": " + ((this.end != null) ? this.end : "open");
		}

	}

}
