package io.clusterboot.internal.session;

/**
 * What a worker asks of the master's session store; {@link SessionProtocol} says how
 * each travels. The master answers each with a {@link SessionReply}.
 *
 * @author ClusterBoot team
 */
sealed interface SessionRequest {

	/**
	 * The first request of a connection: the worker's protocol and the cluster's token.
	 * Answered with {@link SessionReply.Welcome} or {@link SessionReply.Rejected}.
	 *
	 * @param protocol the worker's {@link SessionProtocol#VERSION}
	 * @param token the cluster's token
	 */
	record Hello(int protocol, String token) implements SessionRequest {

		/**
		 * Leaves the token out of logs.
		 */
		@Override
		public String toString() {
			return "Hello[protocol=" + this.protocol + "]";
		}

	}

	/**
	 * Reads a session. Answered with {@link SessionReply.Found} or
	 * {@link SessionReply.Absent} when it is unknown or expired.
	 *
	 * @param id the session's id
	 */
	record Find(String id) implements SessionRequest {

		@Override
		public String toString() {
			return "Find[]";
		}

	}

	/**
	 * Applies a request's changes to a session. Answered, if the worker asks for a
	 * confirmation, with {@link SessionReply.Done}, {@link SessionReply.Absent} when the
	 * session expired or was deleted meanwhile (it is not created again), or
	 * {@link SessionReply.TooLarge}; if not, only a refusal ({@link SessionReply.TooLarge})
	 * is answered.
	 *
	 * @param change the change
	 * @param confirm whether the worker waits for the reply; see
	 * {@link SessionReply.Welcome#confirmSaves()}
	 */
	record Save(SessionChange change, boolean confirm) implements SessionRequest {
	}

	/**
	 * Removes a session. Answered with {@link SessionReply.Done}.
	 *
	 * @param id the session's id
	 */
	record Delete(String id) implements SessionRequest {

		@Override
		public String toString() {
			return "Delete[]";
		}

	}

	/**
	 * Asks for every session, by the master that replaces this one in an upgrade. Held
	 * until this master's workers are gone and it stops; then answered with a
	 * {@link SessionReply.Found} per session and {@link SessionReply.Done} at the end, after
	 * which this master answers every other request with {@link SessionReply.Moved}.
	 */
	record HandOver() implements SessionRequest {
	}

}
