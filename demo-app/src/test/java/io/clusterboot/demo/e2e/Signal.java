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

	/** Freezes a process: a hung worker, or a master that must not fork while it is torn down. */
	STOP,

	/** Master: one worker more. */
	TTIN,

	/** Master: one worker fewer (never below one). */
	TTOU,

	/** Master: replace the master (a master upgrade). */
	USR1,

	/** Master: nothing (it would kill a JVM that does not take it). */
	ALRM

}
