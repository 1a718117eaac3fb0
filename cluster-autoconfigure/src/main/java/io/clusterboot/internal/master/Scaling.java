package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;

import org.slf4j.event.Level;

/**
 * Changes the number of workers on request (the cluster endpoint, the control command,
 * SIGTTIN and SIGTTOU): new slots start a worker as soon as there is room to start one;
 * removed slots (the highest numbers) drain theirs. A number below 1 or above
 * {@code cluster.max-workers} is rejected and changes nothing. A scaling holds until the
 * configuration changes the count: a reload keeps it, and so does a master upgrade.
 *
 * @author ClusterBoot team
 */
final class Scaling {

	private final WorkerPool pool;

	private final Operation operation;

	private final RollingReload reload;

	private final Decisions decisions;

	Scaling(WorkerPool pool, Operation operation, RollingReload reload, Decisions decisions) {
		this.pool = pool;
		this.operation = operation;
		this.reload = reload;
		this.decisions = decisions;
	}

	/**
	 * Adds or removes workers.
	 * @param change how many to add, or to remove if negative
	 * @param trigger who asked, for the log
	 * @return the answer for whoever asked
	 */
	Map<String, Object> scaleBy(int change, String trigger, Instant now) {
		return scaleTo(this.pool.size() + change, trigger, now);
	}

	/**
	 * Sets the number of workers.
	 * @param count the number
	 * @param trigger who asked, for the log
	 * @return the answer for whoever asked: the new number, or why it is refused or
	 * rejected
	 */
	Map<String, Object> scaleTo(int count, String trigger, Instant now) {
		int max = this.pool.settings().maxWorkers();
		String rejected = (count < 1) ? "The cluster needs at least 1 worker"
				: (count > max) ? "The cluster runs at most " + max + " workers (cluster.max-workers)" : null;
		String refused = this.operation.scalingRefusal();
		if (refused != null || rejected != null) {
			String reason = (refused != null) ? refused : rejected;
			this.decisions.log(Level.WARN, "Scaling to %d worker(s) requested by %s refused: %s", count, trigger,
					reason);
			return Map.of((refused != null) ? ControlMessage.REFUSED : ControlMessage.REJECTED, reason);
		}
		this.decisions.log(Level.INFO, "Scaling from %d to %d worker(s), requested by %s", this.pool.size(), count,
				trigger);
		this.reload.scaledTo(count);
		this.pool.resize(count, true, now);
		return Map.of("desired", count);
	}

}
