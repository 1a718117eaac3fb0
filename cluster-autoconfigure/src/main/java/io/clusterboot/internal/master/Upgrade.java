package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.UpgradeState;

/**
 * A master upgrade, as the master that is replaced sees it: the new master it started,
 * by when that one must take over, and how it ended. Changed by the supervisor only.
 *
 * @author ClusterBoot team
 */
final class Upgrade {

	private final int id;

	private final Instant started;

	private final Instant deadline;

	private UpgradeState state = UpgradeState.RUNNING;

	private long pid;

	private boolean exited;

	private Instant killAt;

	private Instant finished;

	private String error;

	private MasterEvent.CommandRequest takeOver;

	private final List<MasterEvent.CommandRequest> releaseRequests = new ArrayList<>();

	/**
	 * Creates an upgrade.
	 * @param id its number
	 * @param started when it started
	 * @param deadline by when the new master must have taken over
	 */
	Upgrade(int id, Instant started, Instant deadline) {
		this.id = id;
		this.started = started;
		this.deadline = deadline;
	}

	UpgradeState state() {
		return this.state;
	}

	Instant started() {
		return this.started;
	}

	boolean isRunning() {
		return this.state == UpgradeState.RUNNING;
	}

	/**
	 * Returns whether the new master's process may still run: it was started and has not
	 * been seen to exit.
	 */
	boolean isMasterRunning() {
		return this.pid > 0 && !this.exited;
	}

	long pid() {
		return this.pid;
	}

	Instant deadline() {
		return this.deadline;
	}

	/**
	 * Returns when a new master that failed and was asked to stop is killed, or
	 * {@code null}.
	 */
	Instant killAt() {
		return this.killAt;
	}

	/**
	 * Returns the new master's take-over request being handed over, or {@code null}.
	 */
	MasterEvent.CommandRequest takeOver() {
		return this.takeOver;
	}

	void takeOver(MasterEvent.CommandRequest request) {
		this.takeOver = request;
	}

	/**
	 * Keeps a request of the new master that took over to be told once no worker of this
	 * master leads.
	 */
	void awaitRelease(MasterEvent.CommandRequest request) {
		this.releaseRequests.add(request);
	}

	/**
	 * Returns the requests waiting to be told that no worker of this master leads, and
	 * forgets them.
	 */
	List<MasterEvent.CommandRequest> takeReleaseRequests() {
		List<MasterEvent.CommandRequest> taken = List.copyOf(this.releaseRequests);
		this.releaseRequests.clear();
		return taken;
	}

	void started(long pid) {
		this.pid = pid;
	}

	void exited() {
		this.exited = true;
		this.killAt = null;
	}

	void killed() {
		this.killAt = null;
	}

	void succeeded(Instant now) {
		this.state = UpgradeState.SUCCEEDED;
		this.finished = now;
	}

	/**
	 * Ends the upgrade as failed.
	 * @param killAt when to kill the new master if it still runs then, or {@code null}
	 */
	void fail(String error, Instant now, Instant killAt) {
		this.state = UpgradeState.FAILED;
		this.error = error;
		this.finished = now;
		this.killAt = isMasterRunning() ? killAt : null;
	}

	ClusterStatus.Upgrade describe() {
		return new ClusterStatus.Upgrade(this.id, this.state, (this.pid > 0) ? this.pid : null, this.started,
				this.finished, this.error);
	}

	@Override
	public String toString() {
		return "Master upgrade " + this.id;
	}

}
