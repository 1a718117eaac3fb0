package io.clusterboot.internal.worker;

/**
 * Exchanges of a web application that outlive a request and never end by themselves: a
 * stream of events, an asynchronous request held open, a WebSocket session. A retiring
 * worker ends them once it has stopped accepting, cleanly (a streamed response completes,
 * a WebSocket session closes with 1001 "going away"), so that their clients reconnect to
 * another worker at once instead of holding this one until it is killed; see
 * {@link WorkerDrainLifecycle}.
 *
 * @author ClusterBoot team
 */
public interface LongLivedExchanges {

	/**
	 * Returns how many exchanges are open, ended ones included until they are over: the
	 * drain waits for them as for requests in flight.
	 * @return the number of open exchanges
	 */
	int open();

	/**
	 * Ends the open exchanges that began at or before the given moment and were not ended
	 * yet. A WebSocket session is long-lived from its handshake on: it is ended whatever
	 * its age.
	 * @param nanoTime the moment, from {@link System#nanoTime()}
	 * @return how many exchanges it ended
	 */
	int endBegunBy(long nanoTime);

	/**
	 * Names the exchanges in the drain's log, as in "ended 2 event stream(s)".
	 * @return the name, singular
	 */
	String kind();

}
