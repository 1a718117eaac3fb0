package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.clusterboot.internal.master.MasterAction.DiscardBootCache;
import io.clusterboot.internal.master.MasterEvent.WorkerExited;
import io.clusterboot.internal.master.MasterEvent.WorkerStartFailed;
import io.clusterboot.status.WorkerState;

import org.slf4j.event.Level;

/**
 * Deals with workers that are gone: one asked to stop is forgotten; one lost (given up
 * on, exited by itself, or never forked) has its slot restarted after the slot's
 * backoff, which the {@link Spawner} does once it is due. A lost new worker of a reload
 * fails the reload instead. Before any worker was ready, a lost worker may mean that the
 * application cannot start at all: its slot waits for another worker to become ready,
 * and once none is left the cluster stops, so that a service manager sees the failure
 * instead of a master forking forever.
 *
 * @author ClusterBoot team
 */
final class Reaper {

	private final WorkerPool pool;

	private final Operation operation;

	private final RollingReload reload;

	private final Shutdown shutdown;

	private final Decisions decisions;

	private long restarts;

	Reaper(WorkerPool pool, Operation operation, RollingReload reload, Shutdown shutdown, Decisions decisions) {
		this.pool = pool;
		this.operation = operation;
		this.reload = reload;
		this.shutdown = shutdown;
		this.decisions = decisions;
	}

	/**
	 * Deals with a worker that exited: one asked to stop is gone; one given up on, or
	 * that exited by itself, is lost.
	 */
	void exited(WorkerExited event, Instant now) {
		Worker worker = this.pool.remove(event.worker());
		if (worker == null) {
			return;
		}
		if (worker.isFromBootCache() && worker.state() == WorkerState.STARTING && !worker.isAskedToStop()) {
			this.decisions.add(new DiscardBootCache(worker + " started from it and exited with code "
					+ event.exitCode() + " before it was ready"));
		}
		if (worker.lostReason() != null || worker.isStopping()) {
			this.decisions.log(Level.INFO, "%s stopped with exit code %d", worker, event.exitCode());
			if (worker.lostReason() != null) {
				recordExit(worker, event, now);
				lost(worker, worker.lostReason(), event.lastOutput(), now);
			}
			return;
		}
		logExit(worker, event.exitCode());
		recordExit(worker, event, now);
		lost(worker, "exited with code " + event.exitCode() + " before it was ready", event.lastOutput(), now);
	}

	/**
	 * Deals with a worker that could not be forked: a reload fails; a slot it was to
	 * replace the worker of, or to start, tries again after its backoff delay.
	 */
	void startFailed(WorkerStartFailed event, Instant now) {
		Worker worker = this.pool.remove(event.worker());
		if (worker == null) {
			return;
		}
		this.decisions.log(Level.ERROR, "Could not start worker %d: %s", worker.slot().number(), event.reason());
		Slot slot = worker.slot();
		if (this.operation.isReloading(worker)) {
			this.reload.fail(worker, "could not be started: " + event.reason(), List.of(), now);
			return;
		}
		if (this.pool.slots().contains(slot)) {
			Instant retry = now.plus(slot.backoff().delayAfterExit(Duration.ZERO));
			if (this.pool.isServed(slot)) {
				slot.replaceAfter(retry);
			}
			else {
				slot.restartAt(retry);
			}
		}
	}

	/**
	 * Returns how many workers exited unexpectedly, for the cluster's status.
	 */
	long restarts() {
		return this.restarts;
	}

	/**
	 * Counts an unexpected exit in its slot's history, unless the worker was a new one
	 * of a reload: its failure fails the reload instead.
	 */
	private void recordExit(Worker worker, WorkerExited event, Instant now) {
		if (!this.operation.isReloading(worker)) {
			worker.slot().exited(event.exitCode(), now, event.lastOutput());
			this.restarts++;
		}
	}

	private void logExit(Worker worker, int exitCode) {
		if (exitCode == 137) {
			this.decisions.log(Level.ERROR, "%s was killed (SIGKILL, exit code 137). Out of memory?", worker);
		}
		else if (exitCode == 143 || exitCode == 0) {
			this.decisions.log(Level.WARN, "%s stopped unexpectedly with exit code %d", worker, exitCode);
		}
		else {
			this.decisions.log(Level.ERROR, "%s exited unexpectedly with exit code %d", worker, exitCode);
		}
	}

	/**
	 * Deals with a worker that is gone without being asked to stop. A replacement that
	 * died while an older worker still serves its slot holds the next replacement back by
	 * the slot's backoff. Otherwise the slot is restarted, with backoff.
	 */
	private void lost(Worker worker, String reason, List<String> lastOutput, Instant now) {
		if (this.operation.isReloading(worker) && worker.state() == WorkerState.STARTING) {
			this.reload.fail(worker, reason, lastOutput, now);
			return;
		}
		if (!this.pool.isEverReady()) {
			if (this.pool.workers().stream().allMatch(Worker::isStopping)) {
				this.decisions.log(Level.ERROR, "No worker became ready: %s %s. %s", worker, reason,
						Worker.describeOutput(lastOutput));
				this.shutdown.fail(now);
			}
			return;
		}
		Slot slot = worker.slot();
		if (!this.pool.slots().contains(slot)) {
			return;
		}
		if (this.pool.isServed(slot)) {
			if (this.pool.slotWorkers(slot).anyMatch((older) -> !older.isStopping() && older.id() < worker.id())) {
				Duration delay = slot.backoff().delayAfterExit(worker.uptime(now));
				slot.replaceAfter(now.plus(delay));
				logBackoff(slot, delay, "Replacing worker", lastOutput);
			}
			return;
		}
		Duration delay = slot.backoff().delayAfterExit(worker.uptime(now));
		slot.restartAt(now.plus(delay));
		logBackoff(slot, delay, "Restarting worker", lastOutput);
	}

	private void logBackoff(Slot slot, Duration delay, String action, List<String> lastOutput) {
		if (slot.isErrored()) {
			this.decisions.log(Level.ERROR,
					"Worker %d is crash-looping (%d quick exits in a row); next start in %d ms. %s", slot.number(),
					slot.backoff().quickExits(), delay.toMillis(), Worker.describeOutput(lastOutput));
		}
		else if (!delay.isZero()) {
			this.decisions.log(Level.INFO, "%s %d in %d ms (%d quick exit(s) in a row)", action, slot.number(),
					delay.toMillis(), slot.backoff().quickExits());
		}
	}

}
