package io.clusterboot.master;

import io.clusterboot.ipc.ControlMessage;

/**
 * Something that happened to the cluster, queued for the master's thread, which alone
 * changes the cluster's state. Signal handlers, process exits and control connections
 * only put events on the queue.
 *
 * @author ClusterBoot team
 */
sealed interface MasterEvent {

	/**
	 * A worker process exited.
	 *
	 * @param worker the worker's id
	 * @param exitCode its exit code
	 */
	record WorkerExited(long worker, int exitCode) implements MasterEvent {
	}

	/**
	 * A worker sent a message on the control channel.
	 *
	 * @param worker the worker's id
	 * @param message the message
	 */
	record WorkerMessage(long worker, ControlMessage message) implements MasterEvent {
	}

	/**
	 * The master received a signal.
	 *
	 * @param name the signal's name, such as {@code TERM}
	 */
	record SignalReceived(String name) implements MasterEvent {
	}

}
