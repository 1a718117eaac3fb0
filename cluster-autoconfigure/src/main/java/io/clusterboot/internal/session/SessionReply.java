package io.clusterboot.internal.session;

/**
 * What the master's session store answers to a {@link SessionRequest};
 * {@link SessionProtocol} says how each travels.
 *
 * @author ClusterBoot team
 */
sealed interface SessionReply {

	/**
	 * The session was saved or deleted.
	 */
	SessionReply DONE = new Done();

	/**
	 * The session is unknown, expired or was deleted.
	 */
	SessionReply ABSENT = new Absent();

	/**
	 * The sessions moved to the master that replaced this one: ask it.
	 */
	SessionReply MOVED = new Moved();

	/**
	 * Accepts a connection's hello.
	 *
	 * @param maxSessionBytes the largest session the store keeps, in bytes
	 */
	record Welcome(int maxSessionBytes) implements SessionReply {
	}

	/**
	 * A session found.
	 *
	 * @param session the session
	 */
	record Found(StoredSession session) implements SessionReply {
	}

	/**
	 * The session is unknown, expired or was deleted.
	 */
	record Absent() implements SessionReply {
	}

	/**
	 * The session was saved or deleted.
	 */
	record Done() implements SessionReply {
	}

	/**
	 * The sessions moved to the master that replaced this one: ask it.
	 */
	record Moved() implements SessionReply {
	}

	/**
	 * A save refused: the session would be larger than the store allows. The store keeps
	 * it as it was.
	 *
	 * @param size the session's size with the change, in bytes
	 * @param limit the largest size allowed, in bytes
	 */
	record TooLarge(long size, int limit) implements SessionReply {
	}

	/**
	 * A request refused: a hello with a wrong token or protocol, or a request the store
	 * failed to serve.
	 *
	 * @param reason why, for the worker's log
	 */
	record Rejected(String reason) implements SessionReply {
	}

}
