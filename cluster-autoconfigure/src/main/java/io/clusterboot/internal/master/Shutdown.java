package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.Map;

import io.clusterboot.internal.support.Durations;

import org.slf4j.event.Level;

/**
 * Stops the cluster, for good: on TERM or INT, on the control command's request, once a
 * new master took over, or when the cluster cannot start at all. A running reload ends,
 * a running upgrade fails, and every worker is asked to drain and stop, and is killed at
 * its stop deadline. The cluster has stopped once every worker is gone, and so is the
 * new master of an upgrade that failed.
 *
 * @author ClusterBoot team
 */
final class Shutdown {

	private final WorkerPool pool;

	private final Operation operation;

	private final RollingReload reload;

	private final MasterUpgrade upgrade;

	private final Decisions decisions;

	private int exitCode;

	Shutdown(WorkerPool pool, Operation operation, RollingReload reload, MasterUpgrade upgrade,
			Decisions decisions) {
		this.pool = pool;
		this.operation = operation;
		this.reload = reload;
		this.upgrade = upgrade;
		this.decisions = decisions;
	}

	/**
	 * Stops the cluster, unless it stops already.
	 * @param reason what asked for it, the start of the log line
	 * @return the answer for whoever asked
	 */
	Map<String, Object> stop(String reason, Instant now) {
		if (this.operation.isStopping()) {
			this.decisions.log(Level.INFO, "%s while stopping; workers still running: %d", reason,
					this.pool.workers().size());
		}
		else {
			this.decisions.log(Level.INFO, "%s: stopping %d worker(s), waiting up to %s", reason,
					this.pool.workers().size(), Durations.print(this.pool.settings().processKillTimeout()));
			stopAll(now);
		}
		return Map.of("stopping", true, "timeout", this.pool.settings().processKillTimeout().toString());
	}

	/**
	 * Stops the cluster as it failed: the master exits with an error once it stopped.
	 * The caller logged why.
	 */
	void fail(Instant now) {
		this.exitCode = 1;
		stopAll(now);
	}

	/**
	 * Stops the cluster, which failed, unless it stops already: the master exits with an
	 * error once it stopped.
	 * @param reason what failed, the start of the log line
	 */
	void fail(String reason, Instant now) {
		this.exitCode = 1;
		stop(reason, now);
	}

	/**
	 * Returns whether the cluster stopped: it was asked to, and every worker is gone, and
	 * so is the new master of an upgrade that failed.
	 */
	boolean isFinished() {
		return this.operation.isStopping() && this.pool.workers().isEmpty() && this.upgrade.isNewMasterDone();
	}

	/**
	 * Returns the exit code of the master process once the cluster stopped.
	 */
	int exitCode() {
		return this.exitCode;
	}

	private void stopAll(Instant now) {
		this.operation.stopping();
		this.reload.stop(now);
		this.upgrade.fail("the cluster stops", now);
		Instant deadline = this.pool.stopDeadline(now);
		this.pool.workers().forEach((worker) -> this.pool.terminate(worker, deadline));
	}

}
