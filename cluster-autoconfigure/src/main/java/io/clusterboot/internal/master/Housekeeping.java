package io.clusterboot.internal.master;

import io.clusterboot.internal.master.MasterAction.BuildBootCache;
import io.clusterboot.internal.master.MasterAction.TrimMemory;
import io.clusterboot.internal.master.MasterEvent.BootCacheChanged;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;

/**
 * Does the work that would slow a worker's start once the cluster settles: every slot
 * has a ready worker, none is starting and no reload runs. Then it builds the boot cache
 * if the jar on disk needs one, and gives the memory that starting the master or a reload
 * used back to the operating system. It keeps the boot cache's status for the cluster's.
 *
 * @author ClusterBoot team
 */
final class Housekeeping {

	private final WorkerPool pool;

	private final Operation operation;

	private final Decisions decisions;

	private ClusterStatus.BootCache bootCache = new ClusterStatus.BootCache(BootCacheState.DISABLED, null, null,
			null);

	private boolean settled;

	/**
	 * Whether the memory was trimmed since the master started.
	 */
	private boolean trimmed;

	/**
	 * The reload the memory was last trimmed after, or {@code null} for the master's
	 * start.
	 */
	private Reload trimmedAfter;

	Housekeeping(WorkerPool pool, Operation operation, Decisions decisions) {
		this.pool = pool;
		this.operation = operation;
		this.decisions = decisions;
	}

	/**
	 * Returns whether the cluster settled: every slot has a ready worker, none is
	 * starting, no reload runs and the cluster does not stop.
	 */
	boolean isSettled() {
		Operation.Kind kind = this.operation.kind();
		return (kind == Operation.Kind.NONE || kind == Operation.Kind.UPGRADE)
				&& this.pool.slots().stream().allMatch(this.pool::hasReadyWorker)
				&& this.pool.workers().stream().noneMatch(Worker::isStarting);
	}

	/**
	 * Builds the boot cache, and trims the memory once after the start and after each
	 * reload, when the cluster has just settled.
	 */
	void noticeSettled() {
		boolean settled = isSettled();
		if (settled && !this.settled) {
			this.decisions.add(new BuildBootCache());
			if (!this.trimmed || this.trimmedAfter != this.operation.reload()) {
				this.trimmed = true;
				this.trimmedAfter = this.operation.reload();
				this.decisions.add(new TrimMemory());
			}
		}
		this.settled = settled;
	}

	/**
	 * Records the boot cache's status: a look-up that ended after the cluster settled
	 * may leave a build to do.
	 */
	void bootCacheChanged(BootCacheChanged changed) {
		this.bootCache = changed.bootCache();
		if (this.settled) {
			this.decisions.add(new BuildBootCache());
		}
	}

	ClusterStatus.BootCache bootCache() {
		return this.bootCache;
	}

}
