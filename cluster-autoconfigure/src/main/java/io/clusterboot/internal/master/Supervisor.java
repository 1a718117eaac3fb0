package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterEvent.BootCacheChanged;
import io.clusterboot.internal.master.MasterEvent.CommandRequest;
import io.clusterboot.internal.master.MasterEvent.ConfigurationRead;
import io.clusterboot.internal.master.MasterEvent.HandedOver;
import io.clusterboot.internal.master.MasterEvent.MasterExited;
import io.clusterboot.internal.master.MasterEvent.MasterStartFailed;
import io.clusterboot.internal.master.MasterEvent.MasterStarted;
import io.clusterboot.internal.master.MasterEvent.PredecessorReleased;
import io.clusterboot.internal.master.MasterEvent.SignalReceived;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered;
import io.clusterboot.internal.master.MasterEvent.WorkerExited;
import io.clusterboot.internal.master.MasterEvent.WorkerMessage;
import io.clusterboot.internal.master.MasterEvent.WorkerStartFailed;
import io.clusterboot.internal.master.MasterEvent.WorkerStarted;
import io.clusterboot.internal.master.MasterEvent.WorkerUnreachable;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.WorkerState;

import org.slf4j.event.Level;

/**
 * The rules of the master, apart from their effects: given an event and the time, it
 * changes the cluster's state and says what to do (fork, signal, send, log), and does
 * nothing itself. It starts the workers, replaces those that exit, hang or have served
 * their time, rolls out new generations, scales, keeps one leader, and stops every
 * worker on TERM or INT. It replaces the master itself on USR1: a new master of the jar
 * on disk starts its workers and takes over, or is stopped while this one serves on. The
 * master's thread is its only caller.
 * <p>
 * Each event goes to the rule that owns it; then every rule that looks at the whole
 * cluster runs, in a fixed order: the {@link Watchdog} kills what is past its deadline,
 * the {@link MasterUpgrade} fails or kills a late new master, the {@link Spawner} starts
 * the slots that are due, the {@link RollingReload} starts its next batch or ends, the
 * {@link Leadership} moves, the cluster that settled takes over from the master it
 * replaces ({@link PredecessorTakeOver}) and does its {@link Housekeeping}, and the
 * ready workers learn whether another starts. The rules share the {@link WorkerPool},
 * the {@link Operation} that refuses what cannot run now, and the {@link Decisions}
 * they add their actions to.
 *
 * @author ClusterBoot team
 */
final class Supervisor {

	private static final Duration MAX_WAIT = Duration.ofSeconds(1);

	private final Decisions decisions = new Decisions();

	private final WorkerPool pool;

	private final Operation operation;

	private final Watchdog watchdog;

	private final Recycler recycler;

	private final RollingReload reload;

	private final MasterUpgrade upgrade;

	private final Shutdown shutdown;

	private final Leadership leadership;

	private final PredecessorTakeOver takeOver;

	private final Spawner spawner;

	private final Reaper reaper;

	private final Housekeeping housekeeping;

	private final StatusView status;

	private final OperatorRequests requests;

	/**
	 * The time of the last event.
	 */
	private Instant now;

	Supervisor(MasterSettings settings, Identity identity, Succession succession, Instant started,
			RandomGenerator random, Supplier<ClusterStatus.Sessions> sessions) {
		this.now = started;
		this.pool = new WorkerPool(settings, succession.workers(settings), started, random, this.decisions);
		this.operation = new Operation(succession);
		this.watchdog = new Watchdog(this.pool, this.decisions);
		this.recycler = new Recycler(this.pool, this.operation, this.decisions);
		this.reload = new RollingReload(this.pool, this.operation, this.decisions);
		this.upgrade = new MasterUpgrade(this.pool, this.operation, this.decisions, identity.pid());
		this.shutdown = new Shutdown(this.pool, this.operation, this.reload, this.upgrade, this.decisions);
		this.leadership = new Leadership(this.pool, this.operation, this.decisions, succession.predecessor());
		this.takeOver = new PredecessorTakeOver(this.operation, this.leadership, this.shutdown, this.decisions,
				succession.predecessor());
		this.spawner = new Spawner(this.pool, this.operation, this.decisions, started);
		this.reaper = new Reaper(this.pool, this.operation, this.reload, this.shutdown, this.decisions);
		this.housekeeping = new Housekeeping(this.pool, this.operation, this.decisions);
		this.status = new StatusView(identity, started, this.pool, this.operation, this.reload, this.reaper,
				this.leadership, this.housekeeping, sessions);
		Scaling scaling = new Scaling(this.pool, this.operation, this.reload, this.decisions);
		this.requests = new OperatorRequests(this.reload, scaling, this.upgrade, this.shutdown, this.status,
				this.decisions);
		if (this.pool.size() != settings.workers()) {
			this.decisions.log(Level.INFO,
					"Starting %d worker(s) as master pid %d ran them, scaled from the %d of cluster.workers",
					this.pool.size(), succession.predecessor(), settings.workers());
		}
	}

	/**
	 * Decides on an event.
	 * @param event what happened
	 * @param now the time
	 * @return what to do, in order
	 */
	List<MasterAction> handle(MasterEvent event, Instant now) {
		this.now = now;
		dispatch(event, now);
		this.watchdog.murderWorkers(now);
		this.upgrade.manage(now);
		this.spawner.startDueWorkers(now);
		this.reload.manage(now);
		this.leadership.manage();
		this.takeOver.askOnceSettled(this.housekeeping.isSettled());
		this.housekeeping.noticeSettled();
		this.spawner.tellWhetherWorkersStart();
		return this.decisions.take();
	}

	/**
	 * Returns when the supervisor wants a {@link MasterEvent.Tick} at the latest: the next
	 * restart of a slot, the next stop deadline, heartbeat timeout or startup timeout of a
	 * worker, the deadline of an upgrade, so that each is acted on when it is due, not up
	 * to a second later.
	 * @param now the time
	 * @return the time of the next deadline, at most a second away
	 */
	Instant nextDeadline(Instant now) {
		Instant next = Stream
			.of(now.plus(MAX_WAIT), this.spawner.nextStart(), this.upgrade.nextDeadline(),
					this.watchdog.nextDeadline())
			.filter(Objects::nonNull)
			.min(Instant::compareTo)
			.orElseThrow();
		return next.isBefore(now) ? now : next;
	}

	/**
	 * Returns whether the cluster stopped: it was asked to, and every worker is gone, and
	 * so is the new master of an upgrade that failed.
	 */
	boolean isFinished() {
		return this.shutdown.isFinished();
	}

	/**
	 * Returns whether the cluster was asked to stop.
	 */
	boolean isStopping() {
		return this.operation.isStopping();
	}

	int exitCode() {
		return this.shutdown.exitCode();
	}

	/**
	 * Returns whether this master serves on its own ({@link Operation#isServingOnItsOwn()}).
	 */
	boolean isServingOnItsOwn() {
		return this.operation.isServingOnItsOwn();
	}

	/**
	 * Returns the cluster's status as of the last event.
	 */
	ClusterStatus status() {
		return this.status.status(this.now);
	}

	/**
	 * Returns the numbers of workers of the cluster's status, without the rest of it.
	 */
	ClusterStatus.Workers workerCounts() {
		return this.status.workerCounts();
	}

	/**
	 * Returns the running or last reload of the cluster's status, or {@code null}.
	 */
	ClusterStatus.Reload reloadStatus() {
		return this.status.reloadStatus();
	}

	/**
	 * Returns where the application's messages between workers go now: the master
	 * forwards them off its thread, so that no event waits behind them.
	 */
	MessageRoutes messageRoutes() {
		return MessageRoutes.of(this.pool.workers());
	}

	private void dispatch(MasterEvent event, Instant now) {
		if (event instanceof WorkerExited exited) {
			this.reaper.exited(exited, now);
		}
		else if (event instanceof WorkerMessage message) {
			dispatch(message, now);
		}
		else if (event instanceof CommandRequest command) {
			dispatch(command, now);
		}
		else if (event instanceof SignalReceived signal) {
			this.requests.signal(signal.name(), now);
		}
		else if (event instanceof WorkerStarted started) {
			this.spawner.started(started);
		}
		else if (event instanceof WorkerStartFailed failed) {
			this.reaper.startFailed(failed, now);
		}
		else if (event instanceof WorkerUnreachable unreachable) {
			this.watchdog.unreachable(unreachable, now);
		}
		else if (event instanceof ConfigurationRead read) {
			this.reload.configurationRead(read, now);
		}
		else if (event instanceof MasterStarted started) {
			this.upgrade.masterStarted(started);
		}
		else if (event instanceof MasterStartFailed failed) {
			this.upgrade.masterStartFailed(failed, now);
		}
		else if (event instanceof MasterExited exited) {
			this.upgrade.masterExited(exited, now);
		}
		else if (event instanceof TakeOverAnswered answered) {
			this.takeOver.answered(answered, now);
		}
		else if (event instanceof HandedOver handedOver) {
			if (this.upgrade.handedOver(handedOver, now)) {
				this.shutdown.stop("Master pid " + handedOver.pid() + " took over", now);
			}
		}
		else if (event instanceof PredecessorReleased released) {
			this.leadership.predecessorReleased(released);
		}
		else if (event instanceof BootCacheChanged changed) {
			this.housekeeping.bootCacheChanged(changed);
		}
	}

	private void dispatch(WorkerMessage event, Instant now) {
		Worker worker = this.pool.worker(event.worker());
		ControlMessage message = event.message();
		if (worker == null) {
			this.decisions.log(Level.WARN, "Ignoring control message '%s' from unknown worker id %d", message.type(),
					event.worker());
			return;
		}
		switch (message.type()) {
			case ControlMessage.HEARTBEAT -> {
				this.watchdog.beat(worker, message, now);
				this.recycler.recycleIfDue(worker, now);
			}
			case ControlMessage.READY -> this.spawner.ready(worker, message, now);
			case ControlMessage.DRAINING -> worker.state(WorkerState.DRAINING);
			case ControlMessage.HELLO -> this.decisions.send(worker, this.pool.workerCount());
			case ControlMessage.STATUS, ControlMessage.RELOAD, ControlMessage.SCALE ->
				this.requests.endpoint(worker, message, now);
			case ControlMessage.LEADER_RELEASED -> this.leadership.released(worker);
			default -> this.decisions.log(Level.DEBUG, "Ignoring control message '%s' from %s", message.type(),
					worker);
		}
	}

	/**
	 * Hands a control command's request to its owner: those of the new master of an
	 * upgrade to the {@link MasterUpgrade}, the operator's to the
	 * {@link OperatorRequests}.
	 */
	private void dispatch(CommandRequest command, Instant now) {
		switch (command.request().type()) {
			case ControlMessage.TAKE_OVER -> this.upgrade.takeOver(command);
			case ControlMessage.RELEASE_LEADERSHIP -> this.upgrade.releaseLeadership(command);
			default -> this.requests.command(command, now);
		}
	}

	/**
	 * How this master can be replaced, and which master it replaces.
	 *
	 * @param predecessor the pid of the master this one replaces, or {@code null}
	 * @param predecessorScale how many workers that master ran, or {@code null}
	 * @param upgradeUnavailable why this master cannot be replaced, or {@code null}
	 */
	record Succession(Long predecessor, Scale predecessorScale, String upgradeUnavailable) {

		/**
		 * A master that replaces none and can be replaced.
		 */
		static final Succession FIRST = new Succession(null, null, null);

		/**
		 * Returns how many workers this master starts: as many as the master it replaces
		 * ran where that one was scaled and the configuration asks for the count it was
		 * scaled from (a scaling holds across an upgrade as across a reload), else the
		 * configured count.
		 * @param settings this master's settings
		 * @return the number of workers
		 */
		int workers(MasterSettings settings) {
			int configured = settings.workers();
			Scale scale = this.predecessorScale;
			boolean scaled = scale != null && scale.configuredWorkers() == configured && scale.workers() >= 1
					&& scale.workers() <= settings.maxWorkers();
			return scaled ? scale.workers() : configured;
		}

	}

	/**
	 * How many workers a master runs, and how many its settings ask for.
	 *
	 * @param workers the workers it runs, after any scaling
	 * @param configuredWorkers {@code cluster.workers}, resolved
	 */
	record Scale(int workers, int configuredWorkers) {
	}

	/**
	 * What the status tells of the master itself.
	 *
	 * @param pid the master's pid
	 * @param address the address it listens on, as {@code host:port}
	 * @param managementAddress the management port's address, as {@code host:port}, or
	 * {@code null} when the actuator shares the server port
	 * @param socketMode how the workers share the socket
	 * @param tcpMigrateReq in {@code REUSE_PORT} mode, whether the kernel migrates
	 * queued connections; else {@code null}
	 */
	record Identity(long pid, String address, String managementAddress, String socketMode, Boolean tcpMigrateReq) {
	}

}
