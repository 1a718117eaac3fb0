package io.clusterboot.status;

/**
 * The states of the boot cache that the master starts workers from.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum BootCacheState {

	/**
	 * Turned off, or not possible for how the application runs (the reason says why):
	 * workers start the plain way.
	 */
	DISABLED,

	/**
	 * Being built for the jar on disk: workers start the plain way meanwhile.
	 */
	BUILDING,

	/**
	 * Built for the jar on disk: workers start from it.
	 */
	READY,

	/**
	 * Could not be built or used (the reason says why): workers start the plain way.
	 */
	UNAVAILABLE

}
