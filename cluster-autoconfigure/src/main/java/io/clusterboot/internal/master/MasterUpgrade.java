package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.master.MasterAction.HandOver;
import io.clusterboot.internal.master.MasterAction.SignalNewMaster;
import io.clusterboot.internal.master.MasterAction.StartMaster;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;
import io.clusterboot.internal.master.MasterEvent.HandedOver;
import io.clusterboot.internal.master.MasterEvent.MasterExited;
import io.clusterboot.internal.master.MasterEvent.MasterStartFailed;
import io.clusterboot.internal.master.MasterEvent.MasterStarted;
import io.clusterboot.internal.support.Durations;
import io.clusterboot.status.UpgradeState;

import org.slf4j.event.Level;

/**
 * Replaces this master on USR1, as the master that is replaced sees it: a new master of
 * the jar on disk starts its workers and takes over, and this one hands the service over
 * and stops; or the new master fails (it exits, does not take over in time, or the
 * service manager cannot be told of it), is stopped, and this master and its workers
 * serve on.
 *
 * @author ClusterBoot team
 */
final class MasterUpgrade {

	/**
	 * How much longer than its stop deadline a new master that failed may take to stop
	 * before it is killed.
	 */
	private static final Duration NEW_MASTER_STOP_MARGIN = Duration.ofSeconds(5);

	private final WorkerPool pool;

	private final Operation operation;

	private final Decisions decisions;

	private final long masterPid;

	private int upgrades;

	/**
	 * Creates the rules of the master's upgrade.
	 * @param masterPid the pid of this master
	 */
	MasterUpgrade(WorkerPool pool, Operation operation, Decisions decisions, long masterPid) {
		this.pool = pool;
		this.operation = operation;
		this.decisions = decisions;
		this.masterPid = masterPid;
	}

	/**
	 * Starts a master upgrade, or joins the one running.
	 * @param trigger who asked, for the log
	 * @return why it is refused, or {@code null}
	 */
	String start(String trigger, Instant now) {
		String refused = this.operation.upgradeRefusal();
		if (refused != null) {
			this.decisions.log(Level.WARN, "Master upgrade requested by %s refused: %s", trigger, refused);
			return refused;
		}
		if (this.operation.isUpgradeRunning()) {
			this.decisions.log(Level.INFO, "Master upgrade requested by %s joins %s", trigger,
					this.operation.upgrade());
			return null;
		}
		Duration timeout = timeout();
		Upgrade upgrade = new Upgrade(++this.upgrades, now, now.plus(timeout));
		this.operation.started(upgrade);
		this.decisions.log(Level.INFO,
				"%s started by %s: starting a new master of the jar on disk, which has %s to take over", upgrade,
				trigger, Durations.print(timeout));
		this.decisions.add(new StartMaster(new Supervisor.Scale(this.pool.size(), this.pool.settings().workers())));
		return null;
	}

	/**
	 * Starts a master upgrade, and answers whoever asked for it.
	 * @param trigger who asked, for the log
	 * @return the upgrade's description, or why it is refused
	 */
	Object request(String trigger, Instant now) {
		String refused = start(trigger, now);
		return (refused != null) ? Map.of(ControlMessage.REFUSED, "The master upgrade is refused: " + refused)
				: ControlRecords.toValue(this.operation.upgrade().describe());
	}

	/**
	 * Returns how long the new master of an upgrade has to take over: the startup timeout
	 * for its own start, and one for each batch of workers it may start at a time.
	 */
	private Duration timeout() {
		int maxStarting = this.pool.settings().maxStarting();
		int batches = (this.pool.size() + maxStarting - 1) / maxStarting;
		return this.pool.settings().startupTimeout().multipliedBy(1 + batches);
	}

	void masterStarted(MasterStarted started) {
		if (this.operation.isUpgradeRunning()) {
			this.operation.upgrade().started(started.pid());
			this.decisions.log(Level.INFO,
					"%s: new master pid %d starts its workers; this master serves until it takes over",
					this.operation.upgrade(), started.pid());
		}
	}

	void masterStartFailed(MasterStartFailed failed, Instant now) {
		fail("the new master could not be started: " + failed.reason(), now);
	}

	void masterExited(MasterExited exited, Instant now) {
		Upgrade upgrade = this.operation.upgrade();
		if (upgrade == null || upgrade.pid() != exited.pid()) {
			return;
		}
		boolean running = upgrade.isRunning();
		upgrade.exited();
		if (running) {
			fail("the new master (pid " + exited.pid() + ") exited with code " + exited.exitCode()
					+ " before it took over; its log above says why", now);
		}
		else {
			this.decisions.log(Level.INFO, "New master pid %d of %s exited with code %d", exited.pid(), upgrade,
					exited.exitCode());
		}
	}

	/**
	 * Lets the new master of the running upgrade take over: this master tells the
	 * service manager that the new one is the main process, and answers once it did
	 * ({@link HandedOver}). A take-over asked again after it succeeded, whose answer was
	 * lost, is accepted again.
	 */
	void takeOver(CommandRequest request) {
		Upgrade upgrade = this.operation.upgrade();
		long pid = request.command().pid();
		if (upgrade != null && upgrade.pid() == pid && upgrade.state() == UpgradeState.SUCCEEDED) {
			this.decisions.reply(request, Map.of("accepted", true));
			return;
		}
		if (!this.operation.isUpgradeRunning() || upgrade.pid() != pid) {
			this.decisions.log(Level.WARN, "Refused a take-over by pid %d: no master upgrade waits for it", pid);
			this.decisions.reply(request, Map.of(ControlMessage.REJECTED,
					"No master upgrade of master pid " + this.masterPid + " waits for pid " + pid));
			return;
		}
		if (upgrade.takeOver() == null) {
			upgrade.takeOver(request);
			this.decisions.add(new HandOver(pid));
		}
	}

	/**
	 * Ends the hand-over of a take-over: once the service manager knows the new main
	 * process (or there is none), the upgrade succeeded, and this master is to stop its
	 * workers, each draining what it serves; else the upgrade fails, and this master
	 * serves on.
	 * @return whether the upgrade succeeded
	 */
	boolean handedOver(HandedOver handedOver, Instant now) {
		Upgrade upgrade = this.operation.upgrade();
		if (!this.operation.isUpgradeRunning() || upgrade.pid() != handedOver.pid() || upgrade.takeOver() == null) {
			return false;
		}
		CommandRequest request = upgrade.takeOver();
		long pid = handedOver.pid();
		if (!handedOver.told()) {
			this.decisions.reply(request, Map.of(ControlMessage.REJECTED, "Master pid " + this.masterPid
					+ " could not tell the service manager that pid " + pid + " is the main process"));
			fail("the service manager could not be told that the new master is the main process (MAINPID=)", now);
			return false;
		}
		upgrade.succeeded(now);
		this.decisions.log(Level.INFO, "%s succeeded: master pid %d took over", upgrade, pid);
		this.decisions.reply(request, Map.of("accepted", true));
		return true;
	}

	/**
	 * Takes the request of the new master that took over to be told once no worker of
	 * this master leads: this master revoked its leader as it handed over, and
	 * {@link Leadership} answers once that one released the leadership or is gone.
	 */
	void releaseLeadership(CommandRequest request) {
		Upgrade upgrade = this.operation.upgrade();
		long pid = request.command().pid();
		if (upgrade == null || upgrade.pid() != pid || upgrade.state() != UpgradeState.SUCCEEDED) {
			this.decisions.log(Level.WARN, "Refused to hand the leadership over to pid %d: it did not take over",
					pid);
			this.decisions.reply(request, Map.of(ControlMessage.REJECTED,
					"Pid " + pid + " did not take over from master pid " + this.masterPid));
			return;
		}
		upgrade.awaitRelease(request);
	}

	/**
	 * Fails a new master of an upgrade that did not take over in time, and kills one
	 * that did not stop in time once it failed.
	 */
	void manage(Instant now) {
		Upgrade upgrade = this.operation.upgrade();
		if (upgrade == null) {
			return;
		}
		// a take-over in hand is handed over: the service manager may be told of it already
		if (upgrade.isRunning() && upgrade.takeOver() == null && !now.isBefore(upgrade.deadline())) {
			fail("the new master did not take over within "
					+ Durations.print(Duration.between(upgrade.started(), upgrade.deadline())), now);
		}
		if (upgrade.killAt() != null && !now.isBefore(upgrade.killAt())) {
			this.decisions.log(Level.WARN, "New master pid %d is still running; killing it", upgrade.pid());
			upgrade.killed();
			this.decisions.add(new SignalNewMaster(WorkerSignal.KILL));
		}
	}

	/**
	 * Ends the running upgrade as failed and stops its new master, if it runs: this
	 * master and its workers serve on.
	 * @param error why it failed
	 */
	void fail(String error, Instant now) {
		if (!this.operation.isUpgradeRunning()) {
			return;
		}
		Upgrade upgrade = this.operation.upgrade();
		upgrade.fail(error, now, this.pool.stopDeadline(now).plus(NEW_MASTER_STOP_MARGIN));
		this.decisions.log(Level.ERROR, "%s failed: %s; this master and its workers serve on", upgrade, error);
		if (upgrade.isMasterRunning()) {
			this.decisions.add(new SignalNewMaster(WorkerSignal.TERM));
		}
	}

	/**
	 * Returns when the upgrade is next due to be looked at: the deadline of a running
	 * one, or when the new master of a failed one is killed.
	 * @return the time, or {@code null} if none applies
	 */
	Instant nextDeadline() {
		Upgrade upgrade = this.operation.upgrade();
		if (upgrade == null) {
			return null;
		}
		return upgrade.isRunning() ? upgrade.deadline() : upgrade.killAt();
	}

	/**
	 * Returns whether no new master is left to wait for: none was started, it took over,
	 * or it is gone.
	 */
	boolean isNewMasterDone() {
		Upgrade upgrade = this.operation.upgrade();
		return upgrade == null || upgrade.state() == UpgradeState.SUCCEEDED || !upgrade.isMasterRunning();
	}

}
