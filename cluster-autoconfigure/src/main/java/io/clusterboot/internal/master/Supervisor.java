package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.master.MasterAction.ApplyConfiguration;
import io.clusterboot.internal.master.MasterAction.AwaitPredecessorRelease;
import io.clusterboot.internal.master.MasterAction.BuildBootCache;
import io.clusterboot.internal.master.MasterAction.DiscardBootCache;
import io.clusterboot.internal.master.MasterAction.HandOver;
import io.clusterboot.internal.master.MasterAction.Log;
import io.clusterboot.internal.master.MasterAction.ReadConfiguration;
import io.clusterboot.internal.master.MasterAction.ReplyToCommand;
import io.clusterboot.internal.master.MasterAction.SendMessage;
import io.clusterboot.internal.master.MasterAction.SignalNewMaster;
import io.clusterboot.internal.master.MasterAction.SignalWorker;
import io.clusterboot.internal.master.MasterAction.StartMaster;
import io.clusterboot.internal.master.MasterAction.StartWorker;
import io.clusterboot.internal.master.MasterAction.TakeOver;
import io.clusterboot.internal.master.MasterAction.TrimMemory;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;
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
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.UpgradeState;
import io.clusterboot.status.WorkerState;
import io.clusterboot.internal.support.Durations;

import org.slf4j.event.Level;
import org.springframework.util.unit.DataSize;

/**
 * The rules of the master, apart from their effects: given an event and the time, it
 * changes the cluster's state and says what to do (fork, signal, send, log), and does
 * nothing itself. It starts the workers, replaces those that exit, hang or have served
 * their time, rolls out new generations, scales, keeps one leader, and stops every
 * worker on TERM or INT. It replaces the master itself on USR1: a new master of the jar
 * on disk starts its workers and takes over, or is stopped while this one serves on. The
 * master's thread is its only caller.
 * <p>
 * One worker leads at any moment, whatever happens: the leadership moves only once its
 * holder released it or is gone. Across an upgrade the new master makes none of its
 * workers the leader until the master it replaces, which revokes its leader as it hands
 * over, says that its leader released the leadership or is gone, or is gone itself.
 * <p>
 * Whatever starts a worker in a slot that has one (reload, recycling), the rule is the
 * same: the new worker starts first, and once it is ready every older worker of its slot
 * drains. Whatever starts workers, no more than {@code cluster.max-starting} start at a
 * time.
 *
 * @author ClusterBoot team
 */
final class Supervisor {

	static final Duration THREAD_DUMP_GRACE = Duration.ofSeconds(1);

	private static final Duration MAX_WAIT = Duration.ofSeconds(1);

	/**
	 * How much longer than its stop deadline a new master that failed may take to stop
	 * before it is killed.
	 */
	private static final Duration NEW_MASTER_STOP_MARGIN = Duration.ofSeconds(5);

	/**
	 * The settings in force: the master's own, then those each reload read.
	 */
	private ClusterProperties properties;

	/**
	 * The generation from which the settings in force apply.
	 */
	private int configuredGeneration = 1;

	/**
	 * The settings the running reload replaced, which apply again if it fails; else
	 * {@code null}.
	 */
	private ClusterProperties replacedProperties;

	private int replacedGeneration;

	private int replacedWorkers;

	private final Identity identity;

	private final Succession succession;

	private final RandomGenerator random;

	private final Instant started;

	private final Map<Long, Worker> workers = new LinkedHashMap<>();

	private final List<Slot> slots = new ArrayList<>();

	private final List<MasterAction> actions = new ArrayList<>();

	private final ReloadStatistics reloadStatistics = new ReloadStatistics();

	private Instant now;

	private long lastWorkerId;

	private int servingGeneration = 1;

	private int lastGeneration = 1;

	private int reloads;

	private Reload reload;

	private int upgrades;

	private Upgrade upgrade;

	private boolean takeOverAsked;

	private boolean tookOver;

	private Long leader;

	private boolean leaderRevoked;

	/**
	 * Whether a worker of the master this one replaces may still lead: until that master
	 * said that its leader released the leadership or is gone, or is gone itself, no
	 * worker of this master leads.
	 */
	private boolean predecessorMayLead;

	private boolean everReady;

	private boolean stopping;

	private int exitCode;

	private long restarts;

	private ClusterStatus.BootCache bootCache = new ClusterStatus.BootCache(BootCacheState.DISABLED, null, null,
			null);

	/**
	 * Whether the master's memory is to be trimmed once every slot serves: after the
	 * start and after each reload.
	 */
	private boolean memoryTrimDue = true;

	private boolean settled;

	Supervisor(ClusterProperties properties, Identity identity, Instant started, RandomGenerator random) {
		this(properties, identity, Succession.FIRST, started, random);
	}

	Supervisor(ClusterProperties properties, Identity identity, Succession succession, Instant started,
			RandomGenerator random) {
		this.properties = properties;
		this.identity = identity;
		this.succession = succession;
		this.random = random;
		this.started = started;
		this.now = started;
		this.predecessorMayLead = succession.predecessor() != null;
		for (int slot = 1; slot <= succession.workers(properties); slot++) {
			Slot added = newSlot(slot);
			added.restartAt(started);
			this.slots.add(added);
		}
		if (this.slots.size() != properties.resolveWorkerCount()) {
			log(Level.INFO, "Starting %d worker(s) as master pid %d ran them, scaled from the %d of cluster.workers",
					this.slots.size(), succession.predecessor(), properties.resolveWorkerCount());
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
		dispatch(event);
		murderWorkers();
		manageUpgrade();
		manageWorkers();
		manageReload();
		manageLeadership();
		noticeSettled();
		tellWhetherWorkersStart();
		List<MasterAction> decided = List.copyOf(this.actions);
		this.actions.clear();
		return decided;
	}

	/**
	 * Returns when the supervisor wants a {@link MasterEvent.Tick} at the latest: the next
	 * restart of a slot, the next stop deadline, heartbeat timeout or startup timeout of a
	 * worker, so that each is acted on when it is due, not up to a second later.
	 * @param now the time
	 * @return the time of the next deadline, at most a second away
	 */
	Instant nextDeadline(Instant now) {
		Instant next = now.plus(MAX_WAIT);
		if (!this.stopping && hasRoomToStart()) {
			for (Slot slot : this.slots) {
				if (slot.restartAt() != null && slot.restartAt().isBefore(next)) {
					next = slot.restartAt();
				}
			}
		}
		if (this.upgrade != null) {
			Instant due = this.upgrade.isRunning() ? this.upgrade.deadline() : this.upgrade.killAt();
			if (due != null && due.isBefore(next)) {
				next = due;
			}
		}
		for (Worker worker : this.workers.values()) {
			Instant due = worker.nextDeadline(this.properties.getHeartbeat().getTimeout(),
					this.properties.getStartupTimeout());
			if (due != null && due.isBefore(next)) {
				next = due;
			}
		}
		return next.isBefore(now) ? now : next;
	}

	/**
	 * Returns whether the cluster stopped: it was asked to, and every worker is gone, and
	 * so is the new master of an upgrade that failed.
	 */
	boolean isFinished() {
		return this.stopping && this.workers.isEmpty() && (this.upgrade == null
				|| this.upgrade.state() == UpgradeState.SUCCEEDED || !this.upgrade.isMasterRunning());
	}

	/**
	 * Returns whether the cluster was asked to stop.
	 */
	boolean isStopping() {
		return this.stopping;
	}

	int exitCode() {
		return this.exitCode;
	}

	private void dispatch(MasterEvent event) {
		if (event instanceof WorkerExited exited) {
			handleExit(exited);
		}
		else if (event instanceof WorkerMessage message) {
			handleMessage(message);
		}
		else if (event instanceof CommandRequest command) {
			handleCommand(command);
		}
		else if (event instanceof SignalReceived signal) {
			handleSignal(signal.name());
		}
		else if (event instanceof WorkerStarted started) {
			handleStarted(started);
		}
		else if (event instanceof WorkerStartFailed failed) {
			handleStartFailed(failed);
		}
		else if (event instanceof WorkerUnreachable unreachable) {
			handleUnreachable(unreachable.worker());
		}
		else if (event instanceof ConfigurationRead read) {
			handleConfigurationRead(read);
		}
		else if (event instanceof MasterStarted started) {
			handleMasterStarted(started);
		}
		else if (event instanceof MasterStartFailed failed) {
			failUpgrade("the new master could not be started: " + failed.reason());
		}
		else if (event instanceof MasterExited exited) {
			handleMasterExited(exited);
		}
		else if (event instanceof TakeOverAnswered answered) {
			handleTakeOverAnswered(answered);
		}
		else if (event instanceof HandedOver handedOver) {
			handleHandedOver(handedOver);
		}
		else if (event instanceof PredecessorReleased released) {
			log(Level.INFO, "No worker of master pid %d leads any more (%s)", this.succession.predecessor(),
					released.detail());
			this.predecessorMayLead = false;
		}
		else if (event instanceof BootCacheChanged changed) {
			this.bootCache = changed.bootCache();
			if (this.settled) {
				// a look-up that ended after the cluster settled may leave a build to do
				this.actions.add(new BuildBootCache());
			}
		}
	}

	private void handleSignal(String name) {
		switch (name) {
			case "HUP" -> startReload("SIGHUP");
			case "TTIN" -> scaleTo(this.slots.size() + 1, "SIGTTIN");
			case "TTOU" -> scaleTo(this.slots.size() - 1, "SIGTTOU");
			case "USR1" -> startUpgrade("SIGUSR1");
			case "USR2", "ALRM" -> log(Level.WARN, "SIG%s means nothing to the master and is ignored: HUP reloads, "
					+ "USR1 replaces the master, TERM stops (see the README)", name);
			default -> handleStopSignal(name);
		}
	}

	private void handleStopSignal(String name) {
		stop("Received SIG" + name);
	}

	/**
	 * Stops the cluster, unless it stops already.
	 * @param reason what asked for it, the start of the log line
	 */
	private Map<String, Object> stop(String reason) {
		if (this.stopping) {
			log(Level.INFO, "%s while stopping; workers still running: %d", reason, this.workers.size());
		}
		else {
			log(Level.INFO, "%s: stopping %d worker(s), waiting up to %s", reason, this.workers.size(),
					Durations.print(this.properties.getProcessKillTimeout()));
			stopAll();
		}
		return Map.of("stopping", true, "timeout", this.properties.getProcessKillTimeout().toString());
	}

	/**
	 * Records a forked worker's pid. A worker asked to stop before it had one (its slot
	 * went in the step that started it) is sent its TERM now.
	 */
	private void handleStarted(WorkerStarted event) {
		Worker worker = this.workers.get(event.worker());
		if (worker != null) {
			worker.started(event.pid(), event.fromBootCache());
			if (isAskedToStop(worker)) {
				signal(worker, WorkerSignal.TERM);
			}
		}
	}

	/**
	 * Deals with a worker that could not be forked: a reload fails; a slot it was to
	 * replace the worker of, or to start, tries again after its backoff delay.
	 */
	private void handleStartFailed(WorkerStartFailed event) {
		Worker worker = this.workers.remove(event.worker());
		if (worker == null) {
			return;
		}
		log(Level.ERROR, "Could not start worker %d: %s", worker.slot().number(), event.reason());
		Slot slot = worker.slot();
		if (isReloading(worker)) {
			failReload(worker, "could not be started: " + event.reason(), List.of());
			return;
		}
		if (this.slots.contains(slot)) {
			Instant retry = this.now.plus(slot.backoff().delayAfterExit(Duration.ZERO));
			if (isServed(slot)) {
				slot.replaceAfter(retry);
			}
			else {
				slot.restartAt(retry);
			}
		}
	}

	private void handleUnreachable(long id) {
		Worker worker = this.workers.get(id);
		if (worker != null && worker.lostReason() == null && !worker.isStopping()) {
			log(Level.ERROR, "%s does not take the master's messages; printing its threads and killing it", worker);
			giveUp(worker, "stopped taking the master's messages");
		}
	}

	private void handleMessage(WorkerMessage event) {
		Worker worker = this.workers.get(event.worker());
		ControlMessage message = event.message();
		if (worker == null) {
			log(Level.WARN, "Ignoring control message '%s' from unknown worker id %d", message.type(), event.worker());
			return;
		}
		switch (message.type()) {
			case ControlMessage.HEARTBEAT -> handleHeartbeat(worker, message);
			case ControlMessage.READY -> handleReady(worker, message);
			case ControlMessage.DRAINING -> worker.state(WorkerState.DRAINING);
			case ControlMessage.HELLO -> send(worker, workerCount());
			case ControlMessage.STATUS, ControlMessage.RELOAD, ControlMessage.SCALE ->
				reply(worker, message, answer(message, "the cluster endpoint of " + worker));
			case ControlMessage.LEADER_RELEASED -> released(worker);
			default -> log(Level.DEBUG, "Ignoring control message '%s' from %s", message.type(), worker);
		}
	}

	private void reply(Worker worker, ControlMessage request, Object body) {
		send(worker, ControlMessage.reply(request, body));
	}

	private static int requestedWorkers(ControlMessage request) {
		return (int) Math.max(0, Math.min(request.number("workers"), Integer.MAX_VALUE));
	}

	/**
	 * Answers a control command ({@code java -Djarmode=cluster -jar app.jar}), which may
	 * do what the cluster endpoint's operations do, and stop the cluster: its user is the
	 * master's, as the control socket's file permissions ensure.
	 */
	private void handleCommand(CommandRequest event) {
		ControlMessage request = event.request();
		if (ControlMessage.TAKE_OVER.equals(request.type())) {
			takeOver(event);
			return;
		}
		if (ControlMessage.RELEASE_LEADERSHIP.equals(request.type())) {
			releaseLeadership(event);
			return;
		}
		String trigger = "the control command (pid " + event.command().pid() + ")";
		Object body = switch (request.type()) {
			case ControlMessage.STATUS, ControlMessage.RELOAD, ControlMessage.SCALE -> answer(request, trigger);
			case ControlMessage.STOP -> stop("Stop requested by " + trigger);
			case ControlMessage.UPGRADE -> requestUpgrade(trigger);
			default -> Map.of(ControlMessage.REJECTED, "Unknown request '" + request.type() + "'");
		};
		reply(event, body);
	}

	private void reply(CommandRequest command, Object body) {
		this.actions.add(new ReplyToCommand(command.command().id(), ControlMessage.reply(command.request(), body)));
	}

	/**
	 * Answers what both the cluster endpoint (through a worker) and the control command
	 * may ask: the status, a reload, a scaling.
	 * @param request a {@code STATUS}, {@code RELOAD} or {@code SCALE} request
	 * @param trigger who asked, for the log
	 */
	private Object answer(ControlMessage request, String trigger) {
		return switch (request.type()) {
			case ControlMessage.RELOAD -> requestReload(trigger);
			case ControlMessage.SCALE -> scaleTo(requestedWorkers(request), trigger);
			default -> ControlRecords.toValue(status());
		};
	}

	/**
	 * Keeps one leader at most: revokes the leadership of a leader that is stopping, and
	 * grants it to the oldest ready worker once the previous leader released it or is
	 * gone, and no worker of the master this one replaces may lead. A master that stops
	 * grants it no more: once it handed over to a new master, it tells that one when none
	 * of its workers leads.
	 */
	private void manageLeadership() {
		Worker holder = (this.leader != null) ? this.workers.get(this.leader) : null;
		if (this.leader != null && holder == null) {
			log(Level.INFO, "Leader worker id %d is gone", this.leader);
			this.leader = null;
		}
		if (holder != null && !this.leaderRevoked && !holder.isServing()) {
			this.leaderRevoked = true;
			send(holder, ControlMessage.of(ControlMessage.LEADER_REVOKED));
		}
		if (this.leader == null && !this.stopping && !this.predecessorMayLead) {
			this.workers.values().stream().filter(Worker::isServing).findFirst().ifPresent(this::grantLeadership);
		}
		if (this.leader == null && this.upgrade != null && this.upgrade.state() == UpgradeState.SUCCEEDED) {
			for (CommandRequest request : this.upgrade.takeReleaseRequests()) {
				log(Level.INFO, "No worker leads any more: telling new master pid %d", this.upgrade.pid());
				reply(request, Map.of("released", true));
			}
		}
	}

	/**
	 * Takes the request of the new master that took over to be told once no worker of
	 * this master leads: this master revoked its leader as it handed over, and answers
	 * once that one released the leadership or is gone ({@link #manageLeadership()}).
	 */
	private void releaseLeadership(CommandRequest request) {
		long pid = request.command().pid();
		if (this.upgrade == null || this.upgrade.pid() != pid || this.upgrade.state() != UpgradeState.SUCCEEDED) {
			log(Level.WARN, "Refused to hand the leadership over to pid %d: it did not take over", pid);
			reply(request, Map.of(ControlMessage.REJECTED,
					"Pid " + pid + " did not take over from master pid " + this.identity.pid()));
			return;
		}
		this.upgrade.awaitRelease(request);
	}

	private void grantLeadership(Worker worker) {
		send(worker, ControlMessage.of(ControlMessage.LEADER_GRANTED));
		this.leader = worker.id();
		this.leaderRevoked = false;
		log(Level.INFO, "%s is the leader", worker);
	}

	private void released(Worker worker) {
		if (this.leader != null && this.leader == worker.id()) {
			log(Level.INFO, "%s released the leadership", worker);
			this.leader = null;
		}
	}

	/**
	 * Returns where the application's messages between workers go now: the master
	 * forwards them off its thread, so that they never wait ahead of an event, nor an
	 * event behind them.
	 * @return the routes
	 */
	MessageRoutes messageRoutes() {
		return new MessageRoutes(
				this.workers.values()
					.stream()
					.collect(Collectors.toUnmodifiableMap(Worker::id, (worker) -> worker.slot().number())),
				this.workers.values().stream().filter(Worker::isServing).map(Worker::id).toList());
	}

	/**
	 * Records a worker's figures and recycles it if it served its time. One worker is
	 * recycled at a time, and none while a reload runs: the previous replacement must be
	 * ready and its predecessor gone. A replacement that died before it was ready holds
	 * the next one back by the slot's backoff.
	 */
	private void handleHeartbeat(Worker worker, ControlMessage message) {
		reportSaturation(worker, worker.heartbeat(message, this.now));
		if (this.stopping || !worker.isServing() || isReloadRunning()
				|| !worker.slot().isReplacementDue(this.now) || !hasRoomToStart()
				|| this.slots.stream().anyMatch(this::isReplacementStarting)
				|| this.workers.values().stream().anyMatch(Worker::isStopping)) {
			return;
		}
		String reason = recycleReason(worker);
		if (reason != null) {
			log(Level.INFO, "Recycling %s: %s", worker, reason);
			spawnWorker(worker.slot(), worker.slot().generation());
		}
	}

	/**
	 * Logs what a heartbeat changed in a worker's saturation: see {@link Saturation}.
	 */
	private void reportSaturation(Worker worker, Saturation.Report report) {
		if (report == null) {
			return;
		}
		Worker.Figures figures = worker.figures();
		switch (report.change()) {
			case STARTED -> log(Level.WARN,
					"%s is saturated: all %d request threads are busy, %d request(s) in flight; it still beats and "
							+ "is kept, and new requests wait for a thread%s",
					worker, figures.maxThreads(), figures.requestsInFlight(),
					(report.unreported() > 0) ? " (" + report.unreported() + " earlier spell(s) not logged)" : "");
			case GOES_ON -> log(Level.WARN, "%s has been saturated for %s: all %d request threads are busy, %d "
					+ "request(s) in flight", worker, approximately(report.lasted()), figures.maxThreads(),
					figures.requestsInFlight());
			case ENDED -> log(Level.INFO, "%s is no longer saturated, after %s", worker,
					approximately(report.lasted()));
		}
	}

	/**
	 * Prints a duration measured between heartbeats to the nearest second, or in
	 * milliseconds below a second.
	 */
	private static String approximately(Duration duration) {
		long millis = duration.toMillis();
		return Durations.print((millis >= 1000) ? Duration.ofSeconds(Math.round(millis / 1000.0)) : duration);
	}

	private String recycleReason(Worker worker) {
		Worker.Figures figures = worker.figures();
		if (worker.maxRequests() > 0 && figures.requestsServed() >= worker.maxRequests()) {
			return "served " + figures.requestsServed() + " requests (limit " + worker.maxRequests() + ")";
		}
		DataSize maxMemory = this.properties.getRecycle().getMaxMemory();
		if (maxMemory != null && figures.residentMemory() >= maxMemory.toBytes()) {
			return "resident memory " + DataSize.ofBytes(figures.residentMemory()).toMegabytes() + "MB is above "
					+ maxMemory.toMegabytes() + "MB";
		}
		return null;
	}

	private void handleReady(Worker worker, ControlMessage message) {
		if (worker.state() != WorkerState.STARTING || worker.isStopping()) {
			return;
		}
		worker.state(WorkerState.READY);
		// absent where the worker cannot tell (no /proc): not held against the cache
		boolean archiveUsed = !Boolean.FALSE.equals(message.values().get(ControlMessage.BOOT_CACHE));
		worker.bootCache(worker.isFromBootCache() && archiveUsed);
		log(Level.INFO, "%s is ready after %d ms%s", worker, worker.uptime(this.now).toMillis(),
				worker.isFromBootCache() ? (archiveUsed ? " (from the boot cache)" : " (from the boot cache, "
						+ "but without its class archive)") : "");
		if (worker.isFromBootCache() && !archiveUsed) {
			this.actions.add(new DiscardBootCache(worker + " started from it, but its JVM did not use the class "
					+ "archive (see -Xlog:cds or -Xlog:aot)"));
		}
		Slot slot = worker.slot();
		slot.serving();
		if (worker.generation() > slot.generation()) {
			slot.generation(worker.generation());
		}
		Instant deadline = stopDeadline();
		slotWorkers(slot).filter((older) -> older.id() < worker.id()).forEach((older) -> terminate(older, deadline));
		if (!this.everReady) {
			this.everReady = true;
			log(Level.INFO, "Cluster serving: first worker ready %d ms after the master started",
					Duration.between(this.started, this.now).toMillis());
			this.slots.stream().filter(this::isEmpty).forEach((empty) -> empty.restartAt(this.now));
		}
	}

	private void handleExit(WorkerExited event) {
		Worker worker = this.workers.remove(event.worker());
		if (worker == null) {
			return;
		}
		if (worker.isFromBootCache() && worker.state() == WorkerState.STARTING && !isAskedToStop(worker)) {
			this.actions.add(new DiscardBootCache(worker + " started from it and exited with code "
					+ event.exitCode() + " before it was ready"));
		}
		if (worker.lostReason() != null || worker.isStopping()) {
			log(Level.INFO, "%s stopped with exit code %d", worker, event.exitCode());
			if (worker.lostReason() != null) {
				recordExit(worker, event);
				lost(worker, worker.lostReason(), event.lastOutput());
			}
			return;
		}
		logExit(worker, event.exitCode());
		recordExit(worker, event);
		lost(worker, "exited with code " + event.exitCode() + " before it was ready", event.lastOutput());
	}

	/**
	 * Counts an unexpected exit in its slot's history, unless the worker was a new one
	 * of a reload: its failure fails the reload instead.
	 */
	private void recordExit(Worker worker, WorkerExited event) {
		if (!isReloading(worker)) {
			worker.slot().exited(event.exitCode(), this.now, event.lastOutput());
			this.restarts++;
		}
	}

	private void logExit(Worker worker, int exitCode) {
		if (exitCode == 137) {
			log(Level.ERROR, "%s was killed (SIGKILL, exit code 137). Out of memory?", worker);
		}
		else if (exitCode == 143 || exitCode == 0) {
			log(Level.WARN, "%s stopped unexpectedly with exit code %d", worker, exitCode);
		}
		else {
			log(Level.ERROR, "%s exited unexpectedly with exit code %d", worker, exitCode);
		}
	}

	/**
	 * Deals with a worker that is gone without being asked to stop. A worker of a reload
	 * that never became ready fails the reload; the workers it was to replace keep
	 * serving. A replacement that died while an older worker still serves its slot holds
	 * the next replacement back by the slot's backoff. Otherwise the slot is restarted,
	 * with backoff. Before any worker was ready, a lost worker may mean that the
	 * application cannot start at all: its slot waits for another worker to become
	 * ready, and once none is left the cluster stops, so that a service manager sees the
	 * failure instead of a master forking forever.
	 */
	private void lost(Worker worker, String reason, List<String> lastOutput) {
		if (isReloading(worker) && worker.state() == WorkerState.STARTING) {
			failReload(worker, reason, lastOutput);
			return;
		}
		if (!this.everReady) {
			if (this.workers.values().stream().allMatch(Worker::isStopping)) {
				log(Level.ERROR, "No worker became ready: %s %s. %s", worker, reason, describeOutput(lastOutput));
				this.exitCode = 1;
				stopAll();
			}
			return;
		}
		Slot slot = worker.slot();
		if (!this.slots.contains(slot)) {
			return;
		}
		if (isServed(slot)) {
			if (slotWorkers(slot).anyMatch((older) -> !older.isStopping() && older.id() < worker.id())) {
				Duration delay = slot.backoff().delayAfterExit(worker.uptime(this.now));
				slot.replaceAfter(this.now.plus(delay));
				logBackoff(slot, delay, "Replacing worker", lastOutput);
			}
			return;
		}
		Duration delay = slot.backoff().delayAfterExit(worker.uptime(this.now));
		slot.restartAt(this.now.plus(delay));
		logBackoff(slot, delay, "Restarting worker", lastOutput);
	}

	private void logBackoff(Slot slot, Duration delay, String action, List<String> lastOutput) {
		if (slot.isErrored()) {
			log(Level.ERROR, "Worker %d is crash-looping (%d quick exits in a row); next start in %d ms. %s",
					slot.number(), slot.backoff().quickExits(), delay.toMillis(), describeOutput(lastOutput));
		}
		else if (!delay.isZero()) {
			log(Level.INFO, "%s %d in %d ms (%d quick exit(s) in a row)", action, slot.number(), delay.toMillis(),
					slot.backoff().quickExits());
		}
	}

	private Object requestReload(String trigger) {
		Reload started = startReload(trigger);
		return (started != null) ? ControlRecords.toValue(started.describe())
				: Map.of(ControlMessage.REFUSED, capitalized(reloadRefusal()));
	}

	/**
	 * Starts a rolling reload, or returns the one running: a second trigger joins it.
	 * @return the reload, or {@code null} if it is refused ({@link #reloadRefusal()})
	 */
	private Reload startReload(String trigger) {
		if (isReloadRunning() && !this.stopping) {
			log(Level.INFO, "Reload requested by %s joins %s", trigger, this.reload);
			return this.reload;
		}
		String refused = reloadRefusal();
		if (refused != null) {
			log(Level.WARN, "Reload requested by %s refused: %s", trigger, refused);
			return null;
		}
		this.reload = new Reload(Integer.toString(++this.reloads), ++this.lastGeneration, this.now,
				this.slots.size());
		this.memoryTrimDue = true;
		this.actions.add(new ReadConfiguration(this.reload.id()));
		log(Level.INFO, "%s started by %s: reading the configuration of the application on disk", this.reload,
				trigger);
		return this.reload;
	}

	/**
	 * Returns why a reload cannot start now, or {@code null}. A new master that has not
	 * taken over yet refuses too: its workers may forward the endpoint's requests to it, and
	 * a reload would hold its take-over back until its upgrade failed.
	 */
	private String reloadRefusal() {
		return this.stopping ? "the cluster is stopping"
				: isUpgradeRunning() ? this.upgrade + " runs" : !isServingOnItsOwn() ? notTakenOverYet() : null;
	}

	private String notTakenOverYet() {
		return "this master has not taken over from master pid " + this.succession.predecessor() + " yet";
	}

	private static String capitalized(String reason) {
		return Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
	}

	/**
	 * Applies the settings a reload read, from its generation on, and lets it replace the
	 * workers; settings that could not be read (invalid ones) fail the reload and change
	 * nothing.
	 */
	private void handleConfigurationRead(ConfigurationRead read) {
		if (!isReloadRunning() || !this.reload.id().equals(read.reload()) || this.reload.isConfigured()) {
			return;
		}
		if (read.properties() == null) {
			String error = "The configuration of generation " + this.reload.generation() + " could not be read: "
					+ read.error();
			log(Level.ERROR, "%s failed: %s", this.reload, error);
			endReload(error);
			return;
		}
		ClusterProperties previous = this.properties;
		this.replacedProperties = previous;
		this.replacedGeneration = this.configuredGeneration;
		this.replacedWorkers = this.slots.size();
		// a scaling holds until the configuration changes the count
		int configured = read.properties().resolveWorkerCount();
		int count = (configured != previous.resolveWorkerCount()) ? configured : this.slots.size();
		if (count != this.slots.size()) {
			log(Level.INFO, "%s changes the number of workers from %d to %d (cluster.workers)%s", this.reload,
					this.slots.size(), count, (count < this.slots.size())
							? "; the workers above " + count + " serve until the others run the new generation" : "");
		}
		this.reload.configured(count);
		// the reload starts the workers of new slots; removed slots serve until it succeeds, as a bad deploy leaves
		// every worker serving
		apply(read.properties(), this.reload.generation(), Math.max(count, this.slots.size()), false);
		if (!previous.getWorker().getJvmArgs().equals(this.properties.getWorker().getJvmArgs())) {
			log(Level.INFO, "%s starts workers with cluster.worker.jvm-args %s", this.reload,
					this.properties.getWorker().getJvmArgs());
		}
		log(Level.INFO, "%s replacing %d worker(s), %d at a time", this.reload, count,
				this.properties.getReload().getBatchSize());
	}

	/**
	 * Makes settings the ones in force: workers start with them, and the slots restart
	 * and number by them.
	 */
	private void apply(ClusterProperties properties, int generation, int workers, boolean startNewSlots) {
		this.properties = properties;
		this.configuredGeneration = generation;
		this.actions.add(new ApplyConfiguration(properties));
		this.slots.forEach((slot) -> slot.backoff(newBackoff()));
		if (workers != this.slots.size()) {
			resize(workers, startNewSlots);
		}
	}

	/**
	 * Follows the running reload: records how many slots run the new generation and how
	 * many older workers still run, and starts the next batch of new workers once the
	 * previous batch is ready. The reload succeeds once no older worker is left.
	 */
	private void manageReload() {
		if (this.stopping || !isReloadRunning() || !this.reload.isConfigured()) {
			return;
		}
		int target = this.reload.generation();
		int rolled = Math.min(this.reload.workers(), this.slots.size());
		int replaced = (int) this.slots.stream().limit(rolled).filter((slot) -> slot.generation() >= target).count();
		if (replaced == rolled && this.slots.size() > rolled) {
			log(Level.INFO, "%s: every slot up to %d runs generation %d; draining the workers above", this.reload,
					rolled, target);
			resize(rolled, false);
		}
		int draining = (int) this.workers.values().stream().filter((worker) -> worker.generation() < target).count();
		this.reload.progress(replaced, rolled, draining, this.now);
		if (!this.reload.isRunning()) {
			this.servingGeneration = target;
			this.replacedProperties = null;
			this.reloadStatistics.ended(this.reload);
			log(Level.INFO, "%s succeeded", this.reload);
			return;
		}
		boolean batchStarting = this.workers.values()
			.stream()
			.anyMatch((worker) -> worker.generation() == target && worker.isStarting());
		if (!batchStarting && !this.reload.isReplaced()) {
			this.slots.stream()
				.limit(rolled)
				.filter((slot) -> slot.generation() < target)
				.limit(Math.min(this.properties.getReload().getBatchSize(), roomToStart()))
				.forEach((slot) -> spawnWorker(slot, target));
		}
	}

	private void failReload(Worker worker, String reason, List<String> lastOutput) {
		String error = worker + " of generation " + worker.generation() + " " + reason + ". "
				+ describeOutput(lastOutput);
		log(Level.ERROR, "%s failed: %s", this.reload, error);
		endReload(error);
		Instant deadline = stopDeadline();
		this.workers.values()
			.stream()
			.filter((other) -> other.generation() == worker.generation() && other.isStarting())
			.toList()
			.forEach((other) -> terminate(other, deadline));
		this.slots.stream()
			.filter((slot) -> slot.restartAt() == null && !isServed(slot))
			.forEach((slot) -> slot.restartAt(this.now));
		if (this.replacedProperties != null) {
			log(Level.INFO, "%s failed: back to the settings of generation %d (%d worker(s))", this.reload,
					this.replacedGeneration, this.replacedWorkers);
			apply(this.replacedProperties, this.replacedGeneration, this.replacedWorkers, true);
			this.replacedProperties = null;
		}
	}

	/**
	 * Sets the number of workers: new slots start a worker as soon as there is room to
	 * start one; removed slots (the highest numbers) drain theirs. A number below 1 or
	 * above {@code cluster.max-workers} is rejected and changes nothing.
	 */
	private Map<String, Object> scaleTo(int count, String trigger) {
		int max = this.properties.resolveMaxWorkers();
		String rejected = (count < 1) ? "The cluster needs at least 1 worker"
				: (count > max) ? "The cluster runs at most " + max + " workers (cluster.max-workers)" : null;
		// the new master of an upgrade runs as many workers as this one ran when it started
		String refused = this.stopping ? "The cluster is stopping"
				: isUpgradeRunning() ? this.upgrade + " runs; scale once it ended"
				: !isServingOnItsOwn() ? capitalized(notTakenOverYet()) : null;
		if (refused != null || rejected != null) {
			String reason = (refused != null) ? refused : rejected;
			log(Level.WARN, "Scaling to %d worker(s) requested by %s refused: %s", count, trigger, reason);
			return Map.of((refused != null) ? ControlMessage.REFUSED : ControlMessage.REJECTED, reason);
		}
		log(Level.INFO, "Scaling from %d to %d worker(s), requested by %s", this.slots.size(), count, trigger);
		if (isReloadRunning() && this.reload.isConfigured()) {
			// the reload ends with this count, and so does a reload that fails
			this.reload.workers(count);
			this.replacedWorkers = count;
		}
		resize(count, true);
		return Map.of("desired", count);
	}

	/**
	 * Sets the number of slots: removed slots (the highest numbers) drain their workers,
	 * and every worker is told the new number.
	 * @param startNow whether new slots start a worker as soon as there is room, or wait
	 * for the reload to start theirs
	 */
	private void resize(int count, boolean startNow) {
		while (this.slots.size() < count) {
			Slot slot = newSlot(this.slots.size() + 1);
			this.slots.add(slot);
			if (startNow) {
				slot.restartAt(this.now);
			}
		}
		Instant deadline = stopDeadline();
		while (this.slots.size() > count) {
			Slot removed = this.slots.remove(this.slots.size() - 1);
			slotWorkers(removed).toList().forEach((worker) -> terminate(worker, deadline));
		}
		ControlMessage counted = workerCount();
		this.workers.values().stream().filter((worker) -> !worker.isStopping()).forEach((worker) -> send(worker, counted));
	}

	/**
	 * Tells a worker how many workers the cluster runs: when it connects, since it may
	 * have started before a scaling, and after every scaling.
	 */
	private ControlMessage workerCount() {
		return ControlMessage.of(ControlMessage.WORKER_COUNT, "count", this.slots.size());
	}

	/**
	 * Kills workers past their stop deadline; gives up on workers that stopped beating,
	 * having them print their threads first; kills workers that did not become ready
	 * within the startup timeout. A worker given up on is lost once it exits.
	 */
	private void murderWorkers() {
		Duration startupTimeout = this.properties.getStartupTimeout();
		Duration heartbeatTimeout = this.properties.getHeartbeat().getTimeout();
		for (Worker worker : List.copyOf(this.workers.values())) {
			if (worker.isPastStopDeadline(this.now)) {
				log(Level.WARN, "%s is still running at its stop deadline; killing it", worker);
				kill(worker);
			}
			else if (!worker.isStopping() && worker.isSilent(this.now, heartbeatTimeout)) {
				log(Level.ERROR, "%s sent no heartbeat for %s; printing its threads and killing it", worker,
						Durations.print(heartbeatTimeout));
				giveUp(worker, "stopped sending heartbeats");
			}
			else if (worker.isStarting() && worker.uptime(this.now).compareTo(startupTimeout) > 0) {
				String timeout = Durations.print(startupTimeout);
				log(Level.ERROR, "%s did not become ready within %s; killing it", worker, timeout);
				worker.giveUp("was not ready within " + timeout, this.now);
				kill(worker);
			}
		}
	}

	/**
	 * Starts a worker in every slot whose restart delay is over, as long as there is room
	 * to start one: the others wait for the next turn.
	 */
	private void manageWorkers() {
		if (this.stopping) {
			return;
		}
		for (Slot slot : this.slots) {
			if (slot.isRestartDue(this.now) && hasRoomToStart()) {
				spawnWorker(slot, slot.generation());
			}
		}
	}

	/**
	 * Returns how many more workers may start now: {@code cluster.max-starting} bounds
	 * the JVMs that boot at the same time, whatever starts them, so that nothing can fork
	 * without bound.
	 */
	private int roomToStart() {
		long starting = this.workers.values().stream().filter(Worker::isStarting).count();
		return (int) Math.max(0, this.properties.resolveMaxStarting() - starting);
	}

	private boolean hasRoomToStart() {
		return roomToStart() > 0;
	}

	private void spawnWorker(Slot slot, int generation) {
		slot.restartAt(null);
		long id = ++this.lastWorkerId;
		ClusterProperties.Worker.Debug debug = this.properties.getWorker().getDebug();
		DebugAddress debugAddress = DebugAddress.choose(debug, this.properties.resolveMaxWorkers(), slot.number(),
				takenDebugPorts());
		this.workers.put(id, new Worker(id, slot, generation, this.now, maxRequests(), debugAddress));
		log(Level.INFO, "Starting worker %d (generation %d)%s", slot.number(), generation,
				(debugAddress != null) ? ", debugger on " + debugAddress
						: (debug.getPort() != null) ? ", without a debugger: every port of its slot is taken" : "");
		this.actions.add(new StartWorker(id, slot.number(), generation, this.slots.size(), debugAddress));
	}

	/**
	 * Returns the ports the debugger agents of the running workers hold: the workers
	 * that stop too, whose JVMs hold theirs until they exit.
	 */
	private Set<Integer> takenDebugPorts() {
		return this.workers.values()
			.stream()
			.map(Worker::debugAddress)
			.filter(Objects::nonNull)
			.map(DebugAddress::port)
			.collect(Collectors.toSet());
	}

	private long maxRequests() {
		ClusterProperties.Recycle recycle = this.properties.getRecycle();
		long jitter = recycle.getMaxRequestsJitter();
		return (recycle.getMaxRequests() > 0)
				? recycle.getMaxRequests() + ((jitter > 0) ? this.random.nextLong(jitter + 1) : 0) : 0;
	}

	private void endReload(String error) {
		this.reload.fail(error, this.now);
		this.reloadStatistics.ended(this.reload);
	}

	private void stopAll() {
		this.stopping = true;
		if (isReloadRunning()) {
			endReload("The cluster stopped");
		}
		if (isUpgradeRunning()) {
			failUpgrade("the cluster stops");
		}
		Instant deadline = stopDeadline();
		this.workers.values().forEach((worker) -> terminate(worker, deadline));
	}

	/**
	 * Notices when the cluster settles: every slot serves, no worker is starting and no
	 * reload runs. Then is the time for work that would slow a worker's start: building
	 * the boot cache, and giving the memory that starting the master or a reload used
	 * back to the operating system.
	 */
	private void noticeSettled() {
		boolean settled = !this.stopping && !isReloadRunning() && this.slots.stream().allMatch(this::hasReadyWorker)
				&& this.workers.values().stream().noneMatch(Worker::isStarting);
		if (settled && this.succession.predecessor() != null && !this.takeOverAsked) {
			this.takeOverAsked = true;
			log(Level.INFO, "Every worker is ready: taking over from master pid %d", this.succession.predecessor());
			this.actions.add(new TakeOver());
		}
		if (settled && !this.settled) {
			this.actions.add(new BuildBootCache());
			if (this.memoryTrimDue) {
				this.memoryTrimDue = false;
				this.actions.add(new TrimMemory());
			}
		}
		this.settled = settled;
	}

	/**
	 * Tells each ready worker, when it changed, whether another worker starts, so that
	 * the ready ones can give a starting one most of the CPU (see
	 * {@code WorkerScheduling}); a worker that becomes ready while others start is told
	 * too. The JVM that reads the configuration for a reload counts as a starting one:
	 * under load it would otherwise take many times its second. So does the new master
	 * of an upgrade until it took over, since it starts its own workers.
	 */
	private void tellWhetherWorkersStart() {
		boolean starting = !this.stopping && (this.workers.values().stream().anyMatch(Worker::isStarting)
				|| (isReloadRunning() && !this.reload.isConfigured()) || isUpgradeRunning());
		for (Worker worker : this.workers.values()) {
			if (worker.state() == WorkerState.READY && worker.toldOthersStart() != starting) {
				worker.toldOthersStart(starting);
				send(worker, ControlMessage.of(ControlMessage.WORKER_STARTING, "starting", starting));
			}
		}
	}

	/**
	 * Returns the cluster's status.
	 * @return the status
	 */
	ClusterStatus status() {
		Worker holder = (this.leader != null) ? this.workers.get(this.leader) : null;
		ClusterStatus.Master master = new ClusterStatus.Master(this.identity.pid(),
				Duration.between(this.started, this.now), this.identity.address(), this.identity.managementAddress(),
				this.identity.socketMode(), this.identity.tcpMigrateReq(), this.servingGeneration, this.stopping,
				(holder != null) ? holder.pid() : null, isServingOnItsOwn() ? null : this.succession.predecessor());
		return new ClusterStatus(master, workerCounts(), reloadStatus(), this.reloadStatistics.describe(),
				this.slots.stream().map(Slot::describe).toList(),
				this.workers.values().stream().map((worker) -> worker.describe(this.now)).toList(), this.bootCache,
				settings(), (this.upgrade != null) ? this.upgrade.describe() : null);
	}

	/**
	 * Returns the numbers of workers of the cluster's status, without building the rest
	 * of it.
	 * @return the numbers
	 */
	ClusterStatus.Workers workerCounts() {
		return new ClusterStatus.Workers(this.slots.size(),
				(int) this.slots.stream().filter(this::hasReadyWorker).count(), this.workers.size(),
				(int) this.slots.stream().filter(Slot::isErrored).count(), this.properties.resolveMaxWorkers(),
				this.restarts);
	}

	/**
	 * Returns the running or last reload of the cluster's status, without building the
	 * rest of it.
	 * @return the reload, or {@code null} if none ran
	 */
	ClusterStatus.Reload reloadStatus() {
		return (this.reload != null) ? this.reload.describe() : null;
	}

	private ClusterStatus.Settings settings() {
		ClusterProperties settings = this.properties;
		return new ClusterStatus.Settings(this.configuredGeneration, settings.resolveWorkerCount(),
				settings.resolveMaxWorkers(), settings.resolveMaxStarting(), settings.getStartupTimeout(),
				settings.getHeartbeat().getTimeout(), settings.getProcessKillTimeout(),
				settings.getReload().getBatchSize(), settings.getRecycle().getMaxRequests(),
				List.copyOf(settings.getWorker().getJvmArgs()));
	}

	private void terminate(Worker worker, Instant deadline) {
		if (worker.stopBy(deadline)) {
			signal(worker, WorkerSignal.TERM);
		}
	}

	/**
	 * Gives up on a worker that no longer answers: it prints a thread dump, if its JVM
	 * still can, and is killed a moment later.
	 */
	private void giveUp(Worker worker, String reason) {
		worker.giveUp(reason, this.now.plus(THREAD_DUMP_GRACE));
		signal(worker, WorkerSignal.QUIT);
	}

	private void kill(Worker worker) {
		worker.killed();
		signal(worker, WorkerSignal.KILL);
	}

	private void signal(Worker worker, WorkerSignal signal) {
		if (worker.pid() > 0) {
			this.actions.add(new SignalWorker(worker.id(), worker.pid(), signal));
		}
	}

	private void send(Worker worker, ControlMessage message) {
		this.actions.add(new SendMessage(worker.id(), message));
	}

	private void log(Level level, String format, Object... arguments) {
		this.actions.add(new Log(level, String.format(format, arguments)));
	}

	private Instant stopDeadline() {
		return this.now.plus(this.properties.getProcessKillTimeout());
	}

	private Slot newSlot(int number) {
		return new Slot(number, newBackoff(), this.servingGeneration);
	}

	private RestartBackoff newBackoff() {
		ClusterProperties.Restart restart = this.properties.getRestart();
		return new RestartBackoff(restart.getInitialDelay(), restart.getMaxDelay(), restart.getMinUptime());
	}

	/**
	 * Returns whether the supervisor asked a worker to stop, as opposed to having given
	 * up on it.
	 */
	private static boolean isAskedToStop(Worker worker) {
		return worker.isStopping() && worker.lostReason() == null;
	}

	private boolean isReloadRunning() {
		return this.reload != null && this.reload.isRunning();
	}

	private boolean isReloading(Worker worker) {
		return isReloadRunning() && worker.generation() == this.reload.generation();
	}

	private static String describeOutput(List<String> lastOutput) {
		return "Its last output:" + System.lineSeparator() + String.join(System.lineSeparator(), lastOutput);
	}

	private Stream<Worker> slotWorkers(Slot slot) {
		return this.workers.values().stream().filter((worker) -> worker.slot() == slot);
	}

	private boolean isServed(Slot slot) {
		return slotWorkers(slot).anyMatch((worker) -> !worker.isStopping());
	}

	private boolean hasReadyWorker(Slot slot) {
		return slotWorkers(slot).anyMatch(Worker::isServing);
	}

	/**
	 * Returns whether a slot has a new worker starting while an older one serves: a
	 * reload or a recycling in progress.
	 */
	private boolean isReplacementStarting(Slot slot) {
		return hasReadyWorker(slot) && slotWorkers(slot).anyMatch(Worker::isStarting);
	}

	private boolean isEmpty(Slot slot) {
		return slot.restartAt() == null && slotWorkers(slot).findAny().isEmpty();
	}

	/**
	 * Starts a master upgrade, or joins the one running.
	 * @return why it is refused, or {@code null}
	 */
	private String startUpgrade(String trigger) {
		String refused = this.stopping ? "the cluster is stopping"
				: (this.succession.upgradeUnavailable() != null) ? this.succession.upgradeUnavailable()
				: isReloadRunning() ? this.reload + " runs; upgrade once it ended"
				: !isServingOnItsOwn() ? notTakenOverYet()
				: (this.upgrade != null && this.upgrade.state() == UpgradeState.FAILED
						&& this.upgrade.isMasterRunning())
								? "the new master of " + this.upgrade + " (pid " + this.upgrade.pid() + ") still stops"
								: null;
		if (refused != null) {
			log(Level.WARN, "Master upgrade requested by %s refused: %s", trigger, refused);
			return refused;
		}
		if (isUpgradeRunning()) {
			log(Level.INFO, "Master upgrade requested by %s joins %s", trigger, this.upgrade);
			return null;
		}
		Duration timeout = upgradeTimeout();
		this.upgrade = new Upgrade(++this.upgrades, this.now, this.now.plus(timeout));
		log(Level.INFO, "%s started by %s: starting a new master of the jar on disk, which has %s to take over",
				this.upgrade, trigger, Durations.print(timeout));
		this.actions.add(new StartMaster(new Scale(this.slots.size(), this.properties.resolveWorkerCount())));
		return null;
	}

	/**
	 * Returns how long the new master of an upgrade has to take over: the startup timeout
	 * for its own start, and one for each batch of workers it may start at a time.
	 */
	private Duration upgradeTimeout() {
		int maxStarting = this.properties.resolveMaxStarting();
		int batches = (this.slots.size() + maxStarting - 1) / maxStarting;
		return this.properties.getStartupTimeout().multipliedBy(1 + batches);
	}

	private Object requestUpgrade(String trigger) {
		String refused = startUpgrade(trigger);
		return (refused != null) ? Map.of(ControlMessage.REFUSED, "The master upgrade is refused: " + refused)
				: ControlRecords.toValue(this.upgrade.describe());
	}

	private void handleMasterStarted(MasterStarted started) {
		if (isUpgradeRunning()) {
			this.upgrade.started(started.pid());
			log(Level.INFO, "%s: new master pid %d starts its workers; this master serves until it takes over",
					this.upgrade, started.pid());
		}
	}

	private void handleMasterExited(MasterExited exited) {
		if (this.upgrade == null || this.upgrade.pid() != exited.pid()) {
			return;
		}
		boolean running = this.upgrade.isRunning();
		this.upgrade.exited();
		if (running) {
			failUpgrade("the new master (pid " + exited.pid() + ") exited with code " + exited.exitCode()
					+ " before it took over; its log above says why");
		}
		else {
			log(Level.INFO, "New master pid %d of %s exited with code %d", exited.pid(), this.upgrade,
					exited.exitCode());
		}
	}

	/**
	 * Lets the new master of the running upgrade take over: this master tells the
	 * service manager that the new one is the main process, and answers once it did
	 * ({@link HandedOver}). A take-over asked again after it succeeded, whose answer was
	 * lost, is accepted again.
	 */
	private void takeOver(CommandRequest request) {
		long pid = request.command().pid();
		if (this.upgrade != null && this.upgrade.pid() == pid && this.upgrade.state() == UpgradeState.SUCCEEDED) {
			reply(request, Map.of("accepted", true));
			return;
		}
		if (!isUpgradeRunning() || this.upgrade.pid() != pid) {
			log(Level.WARN, "Refused a take-over by pid %d: no master upgrade waits for it", pid);
			reply(request, Map.of(ControlMessage.REJECTED,
					"No master upgrade of master pid " + this.identity.pid() + " waits for pid " + pid));
			return;
		}
		if (this.upgrade.takeOver() == null) {
			this.upgrade.takeOver(request);
			this.actions.add(new HandOver(pid));
		}
	}

	/**
	 * Ends the hand-over of a take-over: once the service manager knows the new main
	 * process (or there is none), the upgrade succeeded and this master stops its workers,
	 * each draining what it serves; else the upgrade fails, and this master serves on.
	 */
	private void handleHandedOver(HandedOver handedOver) {
		if (!isUpgradeRunning() || this.upgrade.pid() != handedOver.pid() || this.upgrade.takeOver() == null) {
			return;
		}
		CommandRequest request = this.upgrade.takeOver();
		long pid = handedOver.pid();
		if (!handedOver.told()) {
			reply(request, Map.of(ControlMessage.REJECTED, "Master pid " + this.identity.pid()
					+ " could not tell the service manager that pid " + pid + " is the main process"));
			failUpgrade("the service manager could not be told that the new master is the main process (MAINPID=)");
			return;
		}
		this.upgrade.succeeded(this.now);
		log(Level.INFO, "%s succeeded: master pid %d took over", this.upgrade, pid);
		reply(request, Map.of("accepted", true));
		stop("Master pid " + pid + " took over");
	}

	/**
	 * Fails a new master of an upgrade that did not take over in time, and kills one
	 * that did not stop in time once it failed.
	 */
	private void manageUpgrade() {
		if (this.upgrade == null) {
			return;
		}
		// a take-over in hand is handed over: the service manager may be told of it already
		if (this.upgrade.isRunning() && this.upgrade.takeOver() == null
				&& !this.now.isBefore(this.upgrade.deadline())) {
			failUpgrade("the new master did not take over within "
					+ Durations.print(Duration.between(this.upgrade.started(), this.upgrade.deadline())));
		}
		if (this.upgrade.killAt() != null && !this.now.isBefore(this.upgrade.killAt())) {
			log(Level.WARN, "New master pid %d is still running; killing it", this.upgrade.pid());
			this.upgrade.killed();
			this.actions.add(new SignalNewMaster(WorkerSignal.KILL));
		}
	}

	/**
	 * Ends the running upgrade as failed and stops its new master, if it runs: this
	 * master and its workers serve on.
	 */
	private void failUpgrade(String error) {
		if (!isUpgradeRunning()) {
			return;
		}
		this.upgrade.fail(error, this.now, stopDeadline().plus(NEW_MASTER_STOP_MARGIN));
		log(Level.ERROR, "%s failed: %s; this master and its workers serve on", this.upgrade, error);
		if (this.upgrade.isMasterRunning()) {
			this.actions.add(new SignalNewMaster(WorkerSignal.TERM));
		}
	}

	/**
	 * Takes the answer of the master this one replaces: once it drains its workers, or if
	 * it is gone, this master serves on its own; if it refused, it serves on, and this
	 * master stops. One that drains its workers is asked until none of them leads, and
	 * only then may a worker of this master lead.
	 */
	private void handleTakeOverAnswered(TakeOverAnswered answered) {
		long predecessor = this.succession.predecessor();
		switch (answered.answer()) {
			case ACCEPTED -> {
				log(Level.INFO, "Took over from master pid %d: %s", predecessor, answered.detail());
				this.tookOver = true;
				this.actions.add(new AwaitPredecessorRelease());
			}
			case GONE -> {
				log(Level.WARN, "Master pid %d, which this master replaces, is gone (%s): this master serves on its own",
						predecessor, answered.detail());
				this.tookOver = true;
				this.predecessorMayLead = false;
			}
			case REFUSED -> {
				log(Level.ERROR, "Master pid %d refused the take-over (%s): it serves on, and this master stops",
						predecessor, answered.detail());
				this.exitCode = 1;
				stop("Take-over refused");
			}
		}
	}

	private boolean isUpgradeRunning() {
		return this.upgrade != null && this.upgrade.isRunning();
	}

	/**
	 * Returns whether this master serves on its own: it replaces none, or it took over
	 * from the one it replaces. Until then the other is the service manager's main
	 * process, and this one tells the service manager nothing.
	 */
	boolean isServingOnItsOwn() {
		return this.succession.predecessor() == null || this.tookOver;
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
		 * @param properties this master's settings
		 * @return the number of workers
		 */
		int workers(ClusterProperties properties) {
			int configured = properties.resolveWorkerCount();
			Scale scale = this.predecessorScale;
			boolean scaled = scale != null && scale.configuredWorkers() == configured && scale.workers() >= 1
					&& scale.workers() <= properties.resolveMaxWorkers();
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
