package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;

/**
 * The spells in which a worker's request threads are all busy, as its heartbeats tell
 * them, and which of them the master's log reports. A saturated worker is not hung: it
 * beats and is kept, and its requests wait for a thread (a slow downstream service, more
 * load than threads). The log says when a spell starts and when it ends, how long it
 * lasted; a worker that goes in and out of saturation under load gets at most one report
 * of a start per {@link #REPORT_INTERVAL}, the next one counting the spells left out, and
 * a spell that lasts is reported again every interval: a worker whose request threads
 * are deadlocked for good stays saturated, and the log keeps saying so.
 *
 * @author ClusterBoot team
 */
final class Saturation {

	/**
	 * The least time between two reports of a start, or of a spell that goes on.
	 */
	static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

	private Instant since;

	private Instant lastReport;

	private boolean reported;

	private int unreported;

	/**
	 * Records what a heartbeat says, and returns what to report of it.
	 * @param saturated whether the worker's request threads are all busy
	 * @param now the time
	 * @return the report, or {@code null} if there is nothing to report
	 */
	Report beat(boolean saturated, Instant now) {
		if (saturated && this.since == null) {
			this.since = now;
			this.reported = isReportDue(now);
			if (!this.reported) {
				return null;
			}
			this.lastReport = now;
			Report started = new Report(Change.STARTED, Duration.ZERO, this.unreported);
			this.unreported = 0;
			return started;
		}
		if (saturated) {
			if (!isReportDue(now)) {
				return null;
			}
			this.lastReport = now;
			this.reported = true;
			return new Report(Change.GOES_ON, Duration.between(this.since, now), 0);
		}
		if (this.since == null) {
			return null;
		}
		Duration lasted = Duration.between(this.since, now);
		this.since = null;
		if (!this.reported) {
			this.unreported++;
			return null;
		}
		return new Report(Change.ENDED, lasted, 0);
	}

	private boolean isReportDue(Instant now) {
		return this.lastReport == null || !now.isBefore(this.lastReport.plus(REPORT_INTERVAL));
	}

	/**
	 * What a report says.
	 */
	enum Change {

		/** A spell started. */
		STARTED,

		/** A spell goes on. */
		GOES_ON,

		/** A reported spell ended. */
		ENDED

	}

	/**
	 * A report for the log.
	 *
	 * @param change what happened
	 * @param lasted how long the spell has lasted
	 * @param unreported spells that started and ended unreported since the last report
	 * of a start
	 */
	record Report(Change change, Duration lasted, int unreported) {
	}

}
