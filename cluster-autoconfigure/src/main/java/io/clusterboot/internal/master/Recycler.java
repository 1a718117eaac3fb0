package io.clusterboot.internal.master;

import java.time.Instant;

import org.slf4j.event.Level;
import org.springframework.util.unit.DataSize;

/**
 * Replaces a worker that served its time, as its heartbeats tell: after
 * {@code cluster.recycle.max-requests} requests (and its jitter), or above
 * {@code cluster.recycle.max-memory}. Like any replacement, the new worker starts first,
 * and the old one drains once the new one is ready. One worker is recycled at a time: the
 * previous replacement must be ready and its predecessor gone. A replacement that died
 * before it was ready holds the next one back by the slot's backoff.
 *
 * @author ClusterBoot team
 */
final class Recycler {

	private final WorkerPool pool;

	private final Operation operation;

	private final Decisions decisions;

	Recycler(WorkerPool pool, Operation operation, Decisions decisions) {
		this.pool = pool;
		this.operation = operation;
		this.decisions = decisions;
	}

	/**
	 * Recycles a worker that just beat, if it served its time and nothing holds it back.
	 */
	void recycleIfDue(Worker worker, Instant now) {
		if (!this.operation.allowsRecycling() || !worker.isServing() || !worker.slot().isReplacementDue(now)
				|| !this.pool.hasRoomToStart() || this.pool.slots().stream().anyMatch(this.pool::isReplacementStarting)
				|| this.pool.workers().stream().anyMatch(Worker::isStopping)) {
			return;
		}
		String reason = recycleReason(worker);
		if (reason != null) {
			this.decisions.log(Level.INFO, "Recycling %s: %s", worker, reason);
			this.pool.spawn(worker.slot(), worker.slot().generation(), now);
		}
	}

	private String recycleReason(Worker worker) {
		Worker.Figures figures = worker.figures();
		if (worker.maxRequests() > 0 && figures.requestsServed() >= worker.maxRequests()) {
			return "served " + figures.requestsServed() + " requests (limit " + worker.maxRequests() + ")";
		}
		Long maxMemory = this.pool.settings().recycle().maxMemory();
		if (maxMemory != null && figures.residentMemory() >= maxMemory) {
			return "resident memory " + DataSize.ofBytes(figures.residentMemory()).toMegabytes() + "MB is above "
					+ DataSize.ofBytes(maxMemory).toMegabytes() + "MB";
		}
		return null;
	}

}
