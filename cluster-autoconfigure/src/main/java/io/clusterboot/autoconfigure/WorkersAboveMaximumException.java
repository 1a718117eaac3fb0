package io.clusterboot.autoconfigure;

/**
 * Thrown at the start of a master whose {@code cluster.workers} is above
 * {@code cluster.max-workers}.
 *
 * @author ClusterBoot team
 */
class WorkersAboveMaximumException extends IllegalStateException {

	private final int workers;

	private final int maxWorkers;

	/**
	 * Creates a new exception.
	 * @param workers the number of workers configured
	 * @param maxWorkers the most workers allowed
	 */
	WorkersAboveMaximumException(int workers, int maxWorkers) {
		super("cluster.workers (" + workers + ") is above cluster.max-workers (" + maxWorkers + ")");
		this.workers = workers;
		this.maxWorkers = maxWorkers;
	}

	/**
	 * Returns the number of workers configured.
	 * @return the number of workers
	 */
	int getWorkers() {
		return this.workers;
	}

	/**
	 * Returns the most workers allowed.
	 * @return the maximum
	 */
	int getMaxWorkers() {
		return this.maxWorkers;
	}

}
