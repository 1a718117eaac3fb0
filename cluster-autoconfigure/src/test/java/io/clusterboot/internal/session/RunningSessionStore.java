package io.clusterboot.internal.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A master's session store serving on a real Unix domain socket, and the clients of the
 * workers a test plays.
 *
 * @author ClusterBoot team
 */
final class RunningSessionStore implements AutoCloseable {

	static final String TOKEN = "the-token";

	private final SessionStore store;

	private final SessionServer server;

	private final List<SessionClient> clients = new ArrayList<>();

	RunningSessionStore(Path directory, int maxSessionBytes) throws IOException {
		this.store = new SessionStore(10L * maxSessionBytes, maxSessionBytes);
		this.server = SessionServer.start(directory, TOKEN, this.store, null);
	}

	SessionStore store() {
		return this.store;
	}

	/**
	 * Returns the client of a new worker.
	 * @return the client
	 */
	SessionClient client() {
		SessionClient client = new SessionClient(this.server.socketPath(), TOKEN, Duration.ofSeconds(10));
		this.clients.add(client);
		return client;
	}

	@Override
	public void close() throws IOException {
		this.clients.forEach(SessionClient::close);
		this.server.close();
	}

}
