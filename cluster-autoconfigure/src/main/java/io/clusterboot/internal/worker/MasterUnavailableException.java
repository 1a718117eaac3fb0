package io.clusterboot.internal.worker;

/**
 * Thrown when a worker cannot ask the master, or the master does not answer in time: it
 * is stopping, gone, or too busy.
 *
 * @author ClusterBoot team
 */
public class MasterUnavailableException extends IllegalStateException {

	/**
	 * Creates a new exception.
	 * @param message why the master could not answer
	 * @param cause the cause
	 */
	public MasterUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
