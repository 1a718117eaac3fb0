package io.clusterboot.status;

/**
 * The states of a rolling reload.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum ReloadState {

	/**
	 * Workers are being replaced, or the replaced ones still drain.
	 */
	RUNNING,

	/**
	 * Every slot runs a ready worker of the new generation, and no worker of an older
	 * generation is left: no old code runs any more.
	 */
	SUCCEEDED,

	/**
	 * A new worker failed to become ready; the reload stopped and the workers that were
	 * serving keep serving.
	 */
	FAILED

}
