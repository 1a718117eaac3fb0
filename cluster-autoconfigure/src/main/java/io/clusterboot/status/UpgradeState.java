package io.clusterboot.status;

/**
 * How a master upgrade goes: the master that runs starts a new master of the jar on
 * disk, which takes over once its workers are ready.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum UpgradeState {

	/**
	 * The new master starts its workers; this master and its workers serve.
	 */
	RUNNING,

	/**
	 * The new master took over: this master's workers drain, and it exits.
	 */
	SUCCEEDED,

	/**
	 * The new master failed to start, or to take over in time; it is stopped, and this
	 * master and its workers keep serving.
	 */
	FAILED

}
