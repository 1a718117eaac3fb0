package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterAction.DiscardBootCache;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.internal.master.MasterEvent.WorkerStarted;
import io.clusterboot.status.WorkerState;

import org.slf4j.event.Level;

/**
 * Brings workers up: it starts a worker in each slot whose restart is due, as long as
 * {@code cluster.max-starting} leaves room, records each one's pid, and makes a worker
 * that is ready serve its slot. Whatever started it (a restart, a reload, a recycling),
 * the rule is the same: the new worker starts first, and once it is ready every older
 * worker of its slot drains. It also tells the ready workers whether another starts, so
 * that they leave it the CPU.
 *
 * @author ClusterBoot team
 */
final class Spawner {

	private final WorkerPool pool;

	private final Operation operation;

	private final Decisions decisions;

	private final Instant started;

	/**
	 * Creates the rules of the workers' start.
	 * @param started when the master started
	 */
	Spawner(WorkerPool pool, Operation operation, Decisions decisions, Instant started) {
		this.pool = pool;
		this.operation = operation;
		this.decisions = decisions;
		this.started = started;
	}

	/**
	 * Records a forked worker's pid. A worker asked to stop before it had one (its slot
	 * went in the step that started it) is sent its TERM now.
	 */
	void started(WorkerStarted event) {
		Worker worker = this.pool.worker(event.worker());
		if (worker != null) {
			worker.started(event.pid(), event.fromBootCache());
			if (worker.isAskedToStop()) {
				this.decisions.signal(worker, WorkerSignal.TERM);
			}
		}
	}

	/**
	 * Makes a worker that says it is ready serve its slot: the older workers of the slot
	 * drain. The first ready worker starts the slots that waited for it.
	 */
	void ready(Worker worker, ControlMessage message, Instant now) {
		if (worker.state() != WorkerState.STARTING || worker.isStopping()) {
			return;
		}
		worker.state(WorkerState.READY);
		// absent where the worker cannot tell (no /proc): not held against the cache
		boolean archiveUsed = !Boolean.FALSE.equals(message.values().get(ControlMessage.BOOT_CACHE));
		worker.bootCache(worker.isFromBootCache() && archiveUsed);
		this.decisions.log(Level.INFO, "%s is ready after %d ms%s", worker, worker.uptime(now).toMillis(),
				worker.isFromBootCache() ? (archiveUsed ? " (from the boot cache)" : " (from the boot cache, "
						+ "but without its class archive)") : "");
		if (worker.isFromBootCache() && !archiveUsed) {
			this.decisions.add(new DiscardBootCache(worker + " started from it, but its JVM did not use the class "
					+ "archive (see -Xlog:cds or -Xlog:aot)"));
		}
		Slot slot = worker.slot();
		slot.serving();
		if (worker.generation() > slot.generation()) {
			slot.generation(worker.generation());
		}
		Instant deadline = this.pool.stopDeadline(now);
		this.pool.slotWorkers(slot)
			.filter((older) -> older.id() < worker.id())
			.forEach((older) -> this.pool.terminate(older, deadline));
		if (this.pool.firstReady()) {
			this.decisions.log(Level.INFO, "Cluster serving: first worker ready %d ms after the master started",
					Duration.between(this.started, now).toMillis());
			this.pool.slots().stream().filter(this.pool::isEmpty).forEach((empty) -> empty.restartAt(now));
		}
	}

	/**
	 * Starts a worker in every slot whose restart delay is over, as long as there is room
	 * to start one: the others wait for the next turn.
	 */
	void startDueWorkers(Instant now) {
		if (this.operation.isStopping()) {
			return;
		}
		for (Slot slot : this.pool.slots()) {
			if (slot.isRestartDue(now) && this.pool.hasRoomToStart()) {
				this.pool.spawn(slot, slot.generation(), now);
			}
		}
	}

	/**
	 * Returns when a slot is next due to start a worker, if one may start then.
	 * @return the earliest such time, or {@code null} if none applies
	 */
	Instant nextStart() {
		if (this.operation.isStopping() || !this.pool.hasRoomToStart()) {
			return null;
		}
		Instant next = null;
		for (Slot slot : this.pool.slots()) {
			if (slot.restartAt() != null && (next == null || slot.restartAt().isBefore(next))) {
				next = slot.restartAt();
			}
		}
		return next;
	}

	/**
	 * Tells each ready worker, when it changed, whether another worker starts, so that
	 * the ready ones can give a starting one most of the CPU (see
	 * {@code WorkerScheduling}); a worker that becomes ready while others start is told
	 * too. The JVM that reads the configuration for a reload counts as a starting one:
	 * under load it would otherwise take many times its second. So does the new master
	 * of an upgrade until it took over, since it starts its own workers.
	 */
	void tellWhetherWorkersStart() {
		Operation.Kind kind = this.operation.kind();
		boolean starting = kind != Operation.Kind.STOPPING
				&& (this.pool.workers().stream().anyMatch(Worker::isStarting)
						|| (kind == Operation.Kind.RELOAD && !this.operation.reload().isConfigured())
						|| kind == Operation.Kind.UPGRADE);
		for (Worker worker : this.pool.workers()) {
			if (worker.state() == WorkerState.READY && worker.toldOthersStart() != starting) {
				worker.toldOthersStart(starting);
				this.decisions.send(worker, ControlMessage.of(ControlMessage.WORKER_STARTING, "starting", starting));
			}
		}
	}

}
