package io.clusterboot.internal.master;

import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;
import io.clusterboot.internal.master.MasterEvent.PredecessorReleased;
import io.clusterboot.status.UpgradeState;

import org.slf4j.event.Level;

/**
 * Keeps one leader at most, whatever happens: the leadership moves only once its holder
 * released it or is gone. It revokes the leadership of a leader that is stopping, and
 * grants it to the oldest ready worker once no worker leads. A master that stops grants
 * it no more: once it handed over to a new master, it tells that one when none of its
 * workers leads. Across an upgrade the new master makes none of its workers the leader
 * until the master it replaces, which revokes its leader as it hands over, says that its
 * leader released the leadership or is gone, or is gone itself.
 *
 * @author ClusterBoot team
 */
final class Leadership {

	private final WorkerPool pool;

	private final Operation operation;

	private final Decisions decisions;

	private final Long predecessor;

	private Long leader;

	private boolean leaderRevoked;

	/**
	 * Whether a worker of the master this one replaces may still lead: until that master
	 * said that its leader released the leadership or is gone, or is gone itself, no
	 * worker of this master leads.
	 */
	private boolean predecessorMayLead;

	/**
	 * Creates the rules of the leadership.
	 * @param predecessor the pid of the master this one replaces, or {@code null}
	 */
	Leadership(WorkerPool pool, Operation operation, Decisions decisions, Long predecessor) {
		this.pool = pool;
		this.operation = operation;
		this.decisions = decisions;
		this.predecessor = predecessor;
		this.predecessorMayLead = predecessor != null;
	}

	/**
	 * Revokes, grants and hands over the leadership as the workers changed.
	 */
	void manage() {
		Worker holder = holder();
		if (this.leader != null && holder == null) {
			this.decisions.log(Level.INFO, "Leader worker id %d is gone", this.leader);
			this.leader = null;
		}
		if (holder != null && !this.leaderRevoked && !holder.isServing()) {
			this.leaderRevoked = true;
			this.decisions.send(holder, ControlMessage.of(ControlMessage.LEADER_REVOKED));
		}
		if (this.leader == null && !this.operation.isStopping() && !this.predecessorMayLead) {
			this.pool.workers().stream().filter(Worker::isServing).findFirst().ifPresent(this::grant);
		}
		Upgrade upgrade = this.operation.upgrade();
		if (this.leader == null && upgrade != null && upgrade.state() == UpgradeState.SUCCEEDED) {
			for (CommandRequest request : upgrade.takeReleaseRequests()) {
				this.decisions.log(Level.INFO, "No worker leads any more: telling new master pid %d", upgrade.pid());
				this.decisions.reply(request, Map.of("released", true));
			}
		}
	}

	/**
	 * Takes a worker's word that it released the leadership.
	 */
	void released(Worker worker) {
		if (this.leader != null && this.leader == worker.id()) {
			this.decisions.log(Level.INFO, "%s released the leadership", worker);
			this.leader = null;
		}
	}

	/**
	 * Takes the word of the master this one replaces that none of its workers leads.
	 */
	void predecessorReleased(PredecessorReleased released) {
		this.decisions.log(Level.INFO, "No worker of master pid %d leads any more (%s)", this.predecessor,
				released.detail());
		this.predecessorMayLead = false;
	}

	/**
	 * Records that the master this one replaces is gone, and its workers with it.
	 */
	void predecessorGone() {
		this.predecessorMayLead = false;
	}

	/**
	 * Returns the pid of the worker that leads, for the cluster's status.
	 * @return the pid, or {@code null} if none leads
	 */
	Long leaderPid() {
		Worker holder = holder();
		return (holder != null) ? holder.pid() : null;
	}

	private Worker holder() {
		return (this.leader != null) ? this.pool.worker(this.leader) : null;
	}

	private void grant(Worker worker) {
		this.decisions.send(worker, ControlMessage.of(ControlMessage.LEADER_GRANTED));
		this.leader = worker.id();
		this.leaderRevoked = false;
		this.decisions.log(Level.INFO, "%s is the leader", worker);
	}

}
