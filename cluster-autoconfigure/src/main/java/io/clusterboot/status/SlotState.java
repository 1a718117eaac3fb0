package io.clusterboot.status;

/**
 * The states of a slot.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum SlotState {

	/**
	 * Its workers start and serve.
	 */
	OK,

	/**
	 * Its workers keep dying soon after they start: several quick exits in a row and no
	 * worker ready since. The master keeps retrying, at the maximum backoff delay.
	 */
	ERRORED

}
