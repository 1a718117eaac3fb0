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
	 * Accepts a connection's hello, and states the terms of the connection: sent again,
	 * unasked (with the id {@link SessionProtocol#NOTICE_ID}), when they change.
	 * <p>
	 * A worker's saves are confirmed only while the master passes them on to the master
	 * it replaces ({@link PredecessorSessions}). Otherwise a worker only writes its save
	 * before its request's response, and the master makes it count for every other
	 * worker: it answers a find only once it read what every connection held when the
	 * find arrived ({@link SessionServer}), and a request that follows another, through
	 * the client that saw its response, is sent after it.
	 *
	 * @param maxSessionBytes the largest session the store keeps, in bytes
	 * @param confirmSaves whether the worker must wait for the reply to each save
	 */
	record Welcome(int maxSessionBytes, boolean confirmSaves) implements SessionReply {
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
