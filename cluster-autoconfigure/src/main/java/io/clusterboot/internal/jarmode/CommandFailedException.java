package io.clusterboot.internal.jarmode;

/**
 * Ends the control command with a message for the operator and an exit status.
 *
 * @author ClusterBoot team
 */
class CommandFailedException extends Exception {

	private final ExitStatus status;

	CommandFailedException(ExitStatus status, String message) {
		super(message);
		this.status = status;
	}

	ExitStatus status() {
		return this.status;
	}

}
