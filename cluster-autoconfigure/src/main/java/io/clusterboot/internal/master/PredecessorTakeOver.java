package io.clusterboot.internal.master;

import java.time.Instant;

import io.clusterboot.internal.master.MasterAction.AwaitPredecessorRelease;
import io.clusterboot.internal.master.MasterAction.TakeOver;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered;

import org.slf4j.event.Level;

/**
 * Takes over from the master this one replaces in an upgrade, as the new master sees it:
 * once every worker of this master is ready, it asks the other master to hand the service
 * over. Once that one drains its workers, or if it is gone, this master serves on its
 * own; if it refused, it serves on, and this master stops. One that drains its workers is
 * asked until none of them leads, and only then may a worker of this master lead.
 *
 * @author ClusterBoot team
 */
final class PredecessorTakeOver {

	private final Operation operation;

	private final Leadership leadership;

	private final Shutdown shutdown;

	private final Decisions decisions;

	private final Long predecessor;

	private boolean asked;

	/**
	 * Creates the rules of the take-over.
	 * @param predecessor the pid of the master this one replaces, or {@code null}
	 */
	PredecessorTakeOver(Operation operation, Leadership leadership, Shutdown shutdown, Decisions decisions,
			Long predecessor) {
		this.operation = operation;
		this.leadership = leadership;
		this.shutdown = shutdown;
		this.decisions = decisions;
		this.predecessor = predecessor;
	}

	/**
	 * Asks the master this one replaces to hand over, once: when the cluster settled.
	 * @param settled whether every slot has a ready worker, none starts and no reload
	 * runs
	 */
	void askOnceSettled(boolean settled) {
		if (settled && this.predecessor != null && !this.asked) {
			this.asked = true;
			this.decisions.log(Level.INFO, "Every worker is ready: taking over from master pid %d", this.predecessor);
			this.decisions.add(new TakeOver());
		}
	}

	/**
	 * Takes the answer of the master this one replaces.
	 */
	void answered(TakeOverAnswered answered, Instant now) {
		switch (answered.answer()) {
			case ACCEPTED -> {
				this.decisions.log(Level.INFO, "Took over from master pid %d: %s", this.predecessor,
						answered.detail());
				this.operation.tookOver();
				this.decisions.add(new AwaitPredecessorRelease());
			}
			case GONE -> {
				this.decisions.log(Level.WARN,
						"Master pid %d, which this master replaces, is gone (%s): this master serves on its own",
						this.predecessor, answered.detail());
				this.operation.tookOver();
				this.leadership.predecessorGone();
			}
			case REFUSED -> {
				this.decisions.log(Level.ERROR,
						"Master pid %d refused the take-over (%s): it serves on, and this master stops",
						this.predecessor, answered.detail());
				this.shutdown.fail("Take-over refused", now);
			}
		}
	}

}
