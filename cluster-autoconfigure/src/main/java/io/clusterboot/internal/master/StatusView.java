package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.clusterboot.status.ClusterStatus;

/**
 * The cluster's status, as the cluster endpoint, the control command, the meters and the
 * service manager see it: built on demand from what the rules keep, and changing
 * nothing.
 *
 * @author ClusterBoot team
 */
final class StatusView {

	private final Supervisor.Identity identity;

	private final Instant started;

	private final WorkerPool pool;

	private final Operation operation;

	private final RollingReload reload;

	private final Reaper reaper;

	private final Leadership leadership;

	private final Housekeeping housekeeping;

	private final Supplier<ClusterStatus.Sessions> sessions;

	/**
	 * Creates the view.
	 * @param identity what the status tells of the master itself
	 * @param started when the master started
	 * @param sessions reads the figures of the master's session store, which it updates
	 * on threads of its own; returns {@code null} when the master keeps no sessions
	 */
	StatusView(Supervisor.Identity identity, Instant started, WorkerPool pool, Operation operation,
			RollingReload reload, Reaper reaper, Leadership leadership, Housekeeping housekeeping,
			Supplier<ClusterStatus.Sessions> sessions) {
		this.identity = identity;
		this.started = started;
		this.pool = pool;
		this.operation = operation;
		this.reload = reload;
		this.reaper = reaper;
		this.leadership = leadership;
		this.housekeeping = housekeeping;
		this.sessions = sessions;
	}

	/**
	 * Returns the cluster's status.
	 * @param now the time
	 * @return the status
	 */
	ClusterStatus status(Instant now) {
		Upgrade upgrade = this.operation.upgrade();
		return new ClusterStatus(master(now), workerCounts(), reloadStatus(), this.reload.statistics(),
				this.pool.slots().stream().map(Slot::describe).toList(),
				this.pool.workers().stream().map((worker) -> worker.describe(now)).toList(),
				this.housekeeping.bootCache(), this.pool.settings().describe(this.pool.configuredGeneration()),
				(upgrade != null) ? upgrade.describe() : null, this.sessions.get());
	}

	/**
	 * Returns the numbers of workers of the cluster's status, without building the rest
	 * of it.
	 * @return the numbers
	 */
	ClusterStatus.Workers workerCounts() {
		return new ClusterStatus.Workers(this.pool.size(),
				(int) this.pool.slots().stream().filter(this.pool::hasReadyWorker).count(), this.pool.workers().size(),
				(int) this.pool.slots().stream().filter(Slot::isErrored).count(), this.pool.settings().maxWorkers(),
				this.reaper.restarts());
	}

	/**
	 * Returns the running or last reload of the cluster's status, without building the
	 * rest of it.
	 * @return the reload, or {@code null} if none ran
	 */
	ClusterStatus.Reload reloadStatus() {
		Reload reload = this.operation.reload();
		return (reload != null) ? reload.describe() : null;
	}

	private ClusterStatus.Master master(Instant now) {
		return new ClusterStatus.Master(this.identity.pid(), Duration.between(this.started, now),
				this.identity.address(), this.identity.managementAddress(), this.identity.socketMode(),
				this.identity.tcpMigrateReq(), this.pool.servingGeneration(), this.operation.isStopping(),
				this.leadership.leaderPid(), this.operation.takingOverFrom());
	}

}
