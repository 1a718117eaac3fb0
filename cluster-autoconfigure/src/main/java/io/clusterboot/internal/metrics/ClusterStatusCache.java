package io.clusterboot.internal.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.internal.worker.MasterUnavailableException;
import io.clusterboot.internal.worker.WorkerControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's status as last asked, asked again at most once per refresh interval, so
 * that scraping many meters asks the master once. When the master does not answer, the
 * previous status stays.
 *
 * @author ClusterBoot team
 */
public class ClusterStatusCache {

	private static final Logger logger = LoggerFactory.getLogger(ClusterStatusCache.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final WorkerControl control;

	private final Duration refreshInterval;

	private final Clock clock;

	private ClusterStatus status;

	private Instant refreshed = Instant.MIN;

	/**
	 * Creates a new cache.
	 * @param control the worker's control channel
	 * @param refreshInterval how long a status is used before it is asked again
	 * @param clock the clock
	 */
	public ClusterStatusCache(WorkerControl control, Duration refreshInterval, Clock clock) {
		this.control = control;
		this.refreshInterval = refreshInterval;
		this.clock = clock;
	}

	/**
	 * Returns the status, asking the master if the last answer is too old.
	 * @return the status, or {@code null} if the master never answered
	 */
	public synchronized ClusterStatus get() {
		Instant now = this.clock.instant();
		if (Duration.between(this.refreshed, now).compareTo(this.refreshInterval) >= 0) {
			this.refreshed = now;
			try {
				this.status = this.control.status(TIMEOUT);
			}
			catch (MasterUnavailableException ex) {
				logger.debug("Keeping the previous cluster status: {}", ex.getMessage());
			}
		}
		return this.status;
	}

}
