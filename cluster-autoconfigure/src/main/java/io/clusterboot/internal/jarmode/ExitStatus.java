package io.clusterboot.internal.jarmode;

/**
 * The exit statuses of the control command, for scripts. The numbers follow the LSB's
 * for {@code status}: 3 for a program that is not running, 4 for insufficient privilege.
 *
 * @author ClusterBoot team
 */
enum ExitStatus {

	/**
	 * The command did what it was asked.
	 */
	OK(0),

	/**
	 * The master refused or failed what it was asked (a reload that failed, a scaling
	 * beyond the maximum, a cluster that stops), or stopped answering.
	 */
	FAILED(1),

	/**
	 * The command line is wrong, or names no single master.
	 */
	USAGE(2),

	/**
	 * No master runs that this user could control.
	 */
	NOT_RUNNING(3),

	/**
	 * A master runs, but as another user: only that user may control it.
	 */
	ACCESS_DENIED(4),

	/**
	 * The master speaks another version of the control protocol.
	 */
	INCOMPATIBLE(5);

	private final int code;

	ExitStatus(int code) {
		this.code = code;
	}

	/**
	 * Returns the process exit code.
	 * @return the code
	 */
	int code() {
		return this.code;
	}

}
