package io.clusterboot.status;

/**
 * The states of a worker process, in the order it goes through them.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum WorkerState {

	/**
	 * Forked; its application is starting.
	 */
	STARTING,

	/**
	 * Its application is ready and its readiness state is accepting traffic.
	 */
	READY,

	/**
	 * It stopped accepting connections and finishes the requests it has.
	 */
	DRAINING

}
