package io.clusterboot.internal.jarmode;

/**
 * Reads again what the control command follows with {@code --wait}: a reload or a master
 * upgrade, as the master last told.
 *
 * @param <T> the status of what is followed
 * @author ClusterBoot team
 */
@FunctionalInterface
interface Progress<T> {

	/**
	 * Reads it again.
	 * @param previous how it was last seen
	 * @return how it is now, or {@code null} once the master runs another one
	 * @throws CommandFailedException if it cannot be read
	 */
	T after(T previous) throws CommandFailedException;

}
