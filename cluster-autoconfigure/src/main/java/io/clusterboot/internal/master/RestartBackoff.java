package io.clusterboot.internal.master;

import java.time.Duration;

/**
 * Exponential backoff for restarting the worker of one slot. An exit after at least the
 * minimum uptime is a one-off: the worker is restarted at once and the delay starts over.
 * Every exit sooner than that in a row doubles the delay, from the initial delay up to
 * the maximum.
 *
 * @author ClusterBoot team
 */
final class RestartBackoff {

	private final Duration initialDelay;

	private final Duration maxDelay;

	private final Duration minUptime;

	private int quickExits;

	RestartBackoff(Duration initialDelay, Duration maxDelay, Duration minUptime) {
		this.initialDelay = initialDelay;
		this.maxDelay = maxDelay;
		this.minUptime = minUptime;
	}

	/**
	 * Records an exit and returns how long to wait before the restart.
	 * @param uptime how long the worker ran
	 * @return the delay before the next start
	 */
	Duration delayAfterExit(Duration uptime) {
		if (uptime.compareTo(this.minUptime) >= 0) {
			this.quickExits = 0;
			return Duration.ZERO;
		}
		this.quickExits++;
		Duration delay = this.initialDelay;
		for (int i = 1; i < this.quickExits && delay.compareTo(this.maxDelay) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.maxDelay) > 0) ? this.maxDelay : delay;
	}

	/**
	 * Returns how many exits in a row came sooner than the minimum uptime.
	 * @return the number of quick exits in a row
	 */
	int quickExits() {
		return this.quickExits;
	}

}
