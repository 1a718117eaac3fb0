package io.clusterboot.demo.e2e;

/**
 * The POSIX signals the end-to-end tests send.
 *
 * @author ClusterBoot team
 */
enum Signal {

	/** Graceful stop (master: stop the cluster; worker: drain and exit). */
	TERM,

	/** Same as TERM for the master (Ctrl-C). */
	INT,

	/** Rolling reload of the master. */
	HUP,

	/** Immediate death, no cleanup possible. */
	KILL,

	/** Freezes a process; used to stop a master from forking while it is torn down. */
	STOP

}
