package io.clusterboot.demo.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis ({@code redis-server}, Debian's package {@code redis-server}) for one test:
 * on an ephemeral 127.0.0.1 port, nothing written to disk, stopped by its pid.
 *
 * @author ClusterBoot team
 */
final class RedisServer implements AutoCloseable {

	/** Where Debian's package puts the server. */
	static final Path SERVER = Path.of("/usr/bin/redis-server");

	private static final Duration STARTUP = Duration.ofSeconds(20);

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

	private final ServerProcess process;

	private final int port;

	private RedisServer(ServerProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts Redis and waits until it answers.
	 * @param directory its working directory
	 * @param log its log file
	 * @return the running server, to close
	 */
	static RedisServer start(Path directory, Path log) {
		int port = FreePorts.pick();
		// no snapshot, no append-only file: the test's sessions need not outlive it
		ServerProcess process = ServerProcess.start(log, Signal.TERM,
				List.of(SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
						"--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no"));
		RedisServer redis = new RedisServer(process, port);
		try {
			Waits.until("Redis answering PING on port " + port, STARTUP, redis::ping,
					(reply) -> "+PONG".equals(reply) || !process.isRunning(), process::describe);
			if (!process.isRunning()) {
				throw new AssertionError("redis-server exited" + process.describe());
			}
			return redis;
		}
		catch (RuntimeException | Error ex) {
			process.close();
			throw ex;
		}
	}

	/**
	 * Whether Redis is installed.
	 * @return whether the server's program is
	 */
	static boolean isInstalled() {
		return Files.isExecutable(SERVER);
	}

	int port() {
		return this.port;
	}

	/**
	 * Whether Redis holds a key.
	 * @param key the key
	 * @return whether it does
	 * @throws IOException if Redis does not answer
	 */
	boolean exists(String key) throws IOException {
		String reply = command("EXISTS", key);
		if (!reply.startsWith(":")) {
			throw new IOException("EXISTS " + key + ": " + reply);
		}
		return !":0".equals(reply);
	}

	private String ping() {
		try {
			return command("PING");
		}
		catch (IOException ex) {
			// not listening yet
			return ex.toString();
		}
	}

	/**
	 * Sends one command on a new connection.
	 * @return the first line of the reply (a simple string, an error or an integer)
	 */
	private String command(String... words) throws IOException {
		StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
		for (String word : words) {
			byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
			request.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
		}
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(Math.toIntExact(REPLY_TIMEOUT.toMillis()));
			socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, this.port),
					Math.toIntExact(REPLY_TIMEOUT.toMillis()));
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			if (reply == null) {
				throw new IOException("Redis closed the connection without a reply to " + words[0]);
			}
			return reply;
		}
	}

	String describe() {
		return this.process.describe();
	}

	@Override
	public void close() {
		this.process.close();
	}

}
