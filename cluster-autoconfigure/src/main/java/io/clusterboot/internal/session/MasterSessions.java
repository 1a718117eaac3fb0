package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's sessions over its life: where they come from when it starts (the master
 * it replaces in an upgrade, or the file the previous master of the application left),
 * the server that answers the workers meanwhile, and where they go when it stops (the
 * master that replaces it, or the file).
 *
 * @author ClusterBoot team
 */
public final class MasterSessions implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(MasterSessions.class);

	private final SessionFile file;

	private final SessionServer server;

	private MasterSessions(SessionFile file, SessionServer server) {
		this.file = file;
		this.server = server;
	}

	/**
	 * Fills the store and starts serving the workers from it.
	 * @param store the master's store, empty
	 * @param file where sessions are kept between two runs of the application; or
	 * {@code null} if they are not
	 * @param directory the master's private directory, where the server listens
	 * @param token the cluster's token, which workers present in their hello
	 * @param predecessor the master this one replaces; or {@code null}
	 * @return the running sessions
	 * @throws IOException if the server's socket cannot be created
	 */
	public static MasterSessions start(SessionStore store, SessionFile file, Path directory, String token,
			Predecessor predecessor) throws IOException {
		PredecessorSessions taking = null;
		if (predecessor != null) {
			taking = PredecessorSessions.start(predecessor.socketPath(), predecessor.token(),
					SessionClient.DEFAULT_TIMEOUT, store);
		}
		else if (file != null) {
			restore(store, file.take());
		}
		return new MasterSessions(file, SessionServer.start(directory, token, store, taking));
	}

	private static void restore(SessionStore store, List<StoredSession> sessions) {
		long restored = sessions.stream().filter(store::restore).count();
		if (restored < sessions.size()) {
			logger.info("Restored {} of them; {} had expired or were larger than cluster.sessions.max-session-size",
					restored, sessions.size() - restored);
		}
	}

	/**
	 * Returns where the workers find the sessions.
	 * @return the server's socket
	 */
	public Path socketPath() {
		return this.server.socketPath();
	}

	/**
	 * Hands the sessions to the master that replaces this one, if one asked for them, or
	 * else keeps them in the file; then stops serving. Called once the workers are gone.
	 */
	@Override
	public void close() throws IOException {
		try {
			List<StoredSession> sessions = this.server.stopServing();
			if (!this.server.handOver(sessions) && this.file != null) {
				keep(sessions);
			}
		}
		finally {
			this.server.close();
		}
	}

	private void keep(List<StoredSession> sessions) {
		if (sessions.isEmpty()) {
			return;
		}
		try {
			this.file.keep(sessions);
			logger.info("Kept {} session(s) in {} for the next master of this application", sessions.size(),
					this.file.path());
		}
		catch (IOException ex) {
			logger.warn("Could not keep the sessions in {}: {}; the next master starts without them",
					this.file.path(), ex.toString());
		}
	}

	/**
	 * The session store of the master this one replaces.
	 *
	 * @param socketPath its socket
	 * @param token its master's token
	 */
	public record Predecessor(Path socketPath, String token) {

		/**
		 * Leaves the token out of logs.
		 */
		@Override
		public String toString() {
			return "Predecessor[socketPath=" + this.socketPath + "]";
		}

	}

}
