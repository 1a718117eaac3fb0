package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.internal.master.MasterEvent.WorkerUnreachable;
import io.clusterboot.internal.support.Durations;

import org.slf4j.event.Level;

/**
 * Watches that every worker keeps going: it kills a worker still running at its stop
 * deadline or not ready within the startup timeout, and gives up on one that stopped
 * beating or taking the master's messages, having it print its threads first. A worker
 * given up on is lost once it exits. It also records each heartbeat, and reports a worker
 * whose request threads are all busy: that one still beats, and is kept (see
 * {@link Saturation}).
 *
 * @author ClusterBoot team
 */
final class Watchdog {

	/**
	 * How long a worker given up on has to print its threads before it is killed.
	 */
	static final Duration THREAD_DUMP_GRACE = Duration.ofSeconds(1);

	private final WorkerPool pool;

	private final Decisions decisions;

	Watchdog(WorkerPool pool, Decisions decisions) {
		this.pool = pool;
		this.decisions = decisions;
	}

	/**
	 * Kills workers past their stop deadline; gives up on workers that stopped beating;
	 * kills workers that did not become ready within the startup timeout.
	 */
	void murderWorkers(Instant now) {
		Duration startupTimeout = this.pool.settings().startupTimeout();
		Duration heartbeatTimeout = this.pool.settings().heartbeatTimeout();
		for (Worker worker : List.copyOf(this.pool.workers())) {
			if (worker.isPastStopDeadline(now)) {
				this.decisions.log(Level.WARN, "%s is still running at its stop deadline; killing it", worker);
				kill(worker);
			}
			else if (!worker.isStopping() && worker.isSilent(now, heartbeatTimeout)) {
				this.decisions.log(Level.ERROR, "%s sent no heartbeat for %s; printing its threads and killing it",
						worker, Durations.print(heartbeatTimeout));
				giveUp(worker, "stopped sending heartbeats", now);
			}
			else if (worker.isStarting() && worker.uptime(now).compareTo(startupTimeout) > 0) {
				String timeout = Durations.print(startupTimeout);
				this.decisions.log(Level.ERROR, "%s did not become ready within %s; killing it", worker, timeout);
				worker.giveUp("was not ready within " + timeout, now);
				kill(worker);
			}
		}
	}

	/**
	 * Gives up on a worker whose outbox is full: it takes none of the master's messages.
	 */
	void unreachable(WorkerUnreachable event, Instant now) {
		Worker worker = this.pool.worker(event.worker());
		if (worker != null && worker.lostReason() == null && !worker.isStopping()) {
			this.decisions.log(Level.ERROR,
					"%s does not take the master's messages; printing its threads and killing it", worker);
			giveUp(worker, "stopped taking the master's messages", now);
		}
	}

	/**
	 * Records a heartbeat and its figures, and logs what it changed in the worker's
	 * saturation.
	 */
	void beat(Worker worker, ControlMessage heartbeat, Instant now) {
		Saturation.Report report = worker.heartbeat(heartbeat, now);
		if (report == null) {
			return;
		}
		Worker.Figures figures = worker.figures();
		switch (report.change()) {
			case STARTED -> this.decisions.log(Level.WARN,
					"%s is saturated: all %d request threads are busy, %d request(s) in flight; it still beats and "
							+ "is kept, and new requests wait for a thread%s",
					worker, figures.maxThreads(), figures.requestsInFlight(),
					(report.unreported() > 0) ? " (" + report.unreported() + " earlier spell(s) not logged)" : "");
			case GOES_ON -> this.decisions.log(Level.WARN,
					"%s has been saturated for %s: all %d request threads are busy, %d request(s) in flight", worker,
					approximately(report.lasted()), figures.maxThreads(), figures.requestsInFlight());
			case ENDED -> this.decisions.log(Level.INFO, "%s is no longer saturated, after %s", worker,
					approximately(report.lasted()));
		}
	}

	/**
	 * Returns when a worker is next due to be looked at: just after its stop deadline, or
	 * the end of its heartbeat or startup timeout.
	 * @return the earliest such time, or {@code null} if none applies
	 */
	Instant nextDeadline() {
		Instant next = null;
		for (Worker worker : this.pool.workers()) {
			Instant due = worker.nextDeadline(this.pool.settings().heartbeatTimeout(),
					this.pool.settings().startupTimeout());
			if (due != null && (next == null || due.isBefore(next))) {
				next = due;
			}
		}
		return next;
	}

	/**
	 * Gives up on a worker that no longer answers: it prints a thread dump, if its JVM
	 * still can, and is killed a moment later.
	 */
	private void giveUp(Worker worker, String reason, Instant now) {
		worker.giveUp(reason, now.plus(THREAD_DUMP_GRACE));
		this.decisions.signal(worker, WorkerSignal.QUIT);
	}

	private void kill(Worker worker) {
		worker.killed();
		this.decisions.signal(worker, WorkerSignal.KILL);
	}

	/**
	 * Prints a duration measured between heartbeats to the nearest second, or in
	 * milliseconds below a second.
	 */
	private static String approximately(Duration duration) {
		long millis = duration.toMillis();
		return Durations.print((millis >= 1000) ? Duration.ofSeconds(Math.round(millis / 1000.0)) : duration);
	}

}
