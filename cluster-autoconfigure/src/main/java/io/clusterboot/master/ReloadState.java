package io.clusterboot.master;

/**
 * The states of a rolling reload.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum ReloadState {

	/**
	 * Workers are being replaced.
	 */
	RUNNING,

	/**
	 * Every worker was replaced by one of the new generation.
	 */
	SUCCEEDED,

	/**
	 * A new worker failed to become ready; the reload stopped and the workers that were
	 * serving keep serving.
	 */
	FAILED

}
