package io.clusterboot.master;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.ipc.ControlMessage;
import io.clusterboot.ipc.ControlServer;
import io.clusterboot.master.MasterEvent.SignalReceived;
import io.clusterboot.master.MasterEvent.WorkerExited;
import io.clusterboot.master.MasterEvent.WorkerMessage;
import io.clusterboot.net.ListenSocket;
import io.clusterboot.net.ListenerMode;
import io.clusterboot.net.ReusePortReservation;
import io.clusterboot.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.unit.DataSize;

/**
 * The master of a cluster: starts the workers, replaces those that exit, hang or have
 * served their time, rolls out new generations, scales, and stops them all on TERM or
 * INT. One thread runs {@link #run} and owns all state; everything else reaches it as a
 * {@link MasterEvent} on its queue.
 * <p>
 * Whatever starts a worker in a slot that has one (reload, recycling), the rule is the
 * same: the new worker starts first, and once it is ready every older worker of its slot
 * drains.
 *
 * @author ClusterBoot team
 */
class Master implements ControlServer.Handler {

	/**
	 * Key of an answer to a request that the master refused, with the reason.
	 */
	static final String REFUSED = "refused";

	private static final Logger logger = LoggerFactory.getLogger(Master.class);

	private static final Duration MAX_WAIT = Duration.ofSeconds(1);

	private static final Duration THREAD_DUMP_GRACE = Duration.ofSeconds(1);

	private final ClusterProperties properties;

	private final ListenSocket socket;

	private final Clock clock;

	private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();

	private final Map<Long, WorkerProcess> workers = new LinkedHashMap<>();

	private final List<Slot> slots = new ArrayList<>();

	private final Instant started;

	private WorkerLauncher launcher;

	private ControlServer control;

	private long lastWorkerId;

	private int servingGeneration = 1;

	private int lastGeneration = 1;

	private int reloads;

	private Reload reload;

	private final ReloadStatistics reloadStatistics = new ReloadStatistics();

	private Long leader;

	private boolean leaderRevoked;

	private boolean everReady;

	private boolean stopping;

	private int exitCode;

	/**
	 * Whether the master's memory is to be trimmed once every slot serves: after the
	 * start and after each reload.
	 */
	private boolean memoryTrimDue = true;

	Master(ClusterProperties properties, ListenSocket socket, Clock clock) {
		this.properties = properties;
		this.socket = socket;
		this.clock = clock;
		this.started = clock.instant();
		for (int slot = 1; slot <= properties.resolveWorkerCount(); slot++) {
			this.slots.add(newSlot(slot));
		}
	}

	/**
	 * Runs the cluster until it stops.
	 * @param launcher forks workers
	 * @param control the control channel, to answer workers
	 * @return the exit code for the master process
	 */
	int run(WorkerLauncher launcher, ControlServer control) throws InterruptedException {
		this.launcher = launcher;
		this.control = control;
		this.slots.forEach((slot) -> spawnWorker(slot, slot.generation(), now()));
		while (!this.stopping || !this.workers.isEmpty()) {
			MasterEvent event = this.events.poll(untilNextDeadline().toMillis(), TimeUnit.MILLISECONDS);
			if (event != null) {
				dispatch(event);
			}
			Instant now = now();
			murderWorkers(now);
			manageWorkers(now);
			manageReload(now);
			manageLeadership();
			trimMemoryOnceSettled();
		}
		return this.exitCode;
	}

	/**
	 * Gives the memory that starting the master, or a reload, used back to the operating
	 * system once every slot serves and no worker is starting.
	 */
	private void trimMemoryOnceSettled() {
		if (this.memoryTrimDue && !this.stopping && (this.reload == null || !this.reload.isRunning())
				&& this.slots.stream().allMatch(this::hasReadyWorker)
				&& this.workers.values().stream().noneMatch((worker) -> worker.state() == WorkerState.STARTING)) {
			this.memoryTrimDue = false;
			MasterMemory.trim();
		}
	}

	void signal(String name) {
		this.events.add(new SignalReceived(name));
	}

	void workerExited(long worker, int exitCode) {
		this.events.add(new WorkerExited(worker, exitCode));
	}

	@Override
	public void onMessage(long worker, ControlMessage message) {
		this.events.add(new WorkerMessage(worker, message));
	}

	@Override
	public void onDisconnected(long worker) {
		// the process exit that follows is what counts
	}

	private void dispatch(MasterEvent event) {
		if (event instanceof WorkerExited exited) {
			handleExit(exited);
		}
		else if (event instanceof WorkerMessage message) {
			handleMessage(message);
		}
		else if (event instanceof SignalReceived signal) {
			handleSignal(signal.name());
		}
	}

	private void handleSignal(String name) {
		switch (name) {
			case "HUP" -> startReload("SIGHUP");
			case "TTIN" -> scaleTo(this.slots.size() + 1, "SIGTTIN");
			case "TTOU" -> scaleTo(this.slots.size() - 1, "SIGTTOU");
			default -> handleStopSignal(name);
		}
	}

	private void handleStopSignal(String name) {
		if (this.stopping) {
			logger.info("Received SIG{} while stopping; workers still running: {}", name, this.workers.size());
			return;
		}
		logger.info("Received SIG{}: stopping {} worker(s), waiting up to {}", name, this.workers.size(),
				Durations.print(this.properties.getProcessKillTimeout()));
		stopAll();
	}

	private void handleMessage(WorkerMessage event) {
		WorkerProcess worker = this.workers.get(event.worker());
		ControlMessage message = event.message();
		if (worker == null) {
			logger.warn("Ignoring control message '{}' from unknown worker id {}", message.type(), event.worker());
			return;
		}
		switch (message.type()) {
			case ControlMessage.HEARTBEAT -> handleHeartbeat(worker, message);
			case ControlMessage.READY -> handleReady(worker);
			case ControlMessage.DRAINING -> worker.state(WorkerState.DRAINING);
			case ControlMessage.HELLO -> logger.debug("{} connected", worker);
			case ControlMessage.STATUS -> reply(worker, message, status());
			case ControlMessage.RELOAD -> reply(worker, message, requestReload(worker));
			case ControlMessage.MESSAGE -> forward(worker, message);
			case ControlMessage.LEADER_RELEASED -> released(worker);
			case ControlMessage.SCALE -> reply(worker, message,
					scaleTo((int) message.number("workers"), "the cluster endpoint of " + worker));
			default -> logger.debug("Ignoring control message '{}' from {}", message.type(), worker);
		}
	}

	private void reply(WorkerProcess worker, ControlMessage request, Map<String, Object> body) {
		this.control.send(worker.id(), ControlMessage.of(ControlMessage.REPLY, ControlMessage.REQUEST_ID,
				request.number(ControlMessage.REQUEST_ID), "body", body));
	}

	/**
	 * Keeps exactly one leader: revokes the leadership of a leader that is stopping, and
	 * grants it to the oldest ready worker once the previous leader released it or is
	 * gone.
	 */
	private void manageLeadership() {
		WorkerProcess holder = (this.leader != null) ? this.workers.get(this.leader) : null;
		if (this.leader != null && holder == null) {
			logger.info("Leader worker id {} is gone", this.leader);
			this.leader = null;
		}
		if (holder != null && !this.leaderRevoked && (holder.isStopping() || holder.state() == WorkerState.DRAINING)) {
			this.leaderRevoked = true;
			this.control.send(holder.id(), ControlMessage.of(ControlMessage.LEADER_REVOKED));
		}
		if (this.leader == null && !this.stopping) {
			this.workers.values()
				.stream()
				.filter((worker) -> worker.state() == WorkerState.READY && !worker.isStopping())
				.findFirst()
				.ifPresent(this::grantLeadership);
		}
	}

	private void grantLeadership(WorkerProcess worker) {
		if (this.control.send(worker.id(), ControlMessage.of(ControlMessage.LEADER_GRANTED))) {
			this.leader = worker.id();
			this.leaderRevoked = false;
			logger.info("{} is the leader", worker);
		}
	}

	private void released(WorkerProcess worker) {
		if (this.leader != null && this.leader == worker.id()) {
			logger.info("{} released the leadership", worker);
			this.leader = null;
		}
	}

	/**
	 * Forwards a worker's message to the ready workers it is addressed to: those of one
	 * slot, or all.
	 */
	private void forward(WorkerProcess sender, ControlMessage message) {
		long to = message.number("to");
		ControlMessage forwarded = ControlMessage.of(ControlMessage.MESSAGE, "from", sender.slot().number(), "topic",
				message.text("topic"), "payload", message.text("payload"));
		this.workers.values()
			.stream()
			.filter((worker) -> worker.state() == WorkerState.READY && !worker.isStopping())
			.filter((worker) -> to == 0 || worker.slot().number() == to)
			.forEach((worker) -> this.control.send(worker.id(), forwarded));
	}

	private void handleHeartbeat(WorkerProcess worker, ControlMessage message) {
		worker.heartbeat(message, now());
		if (this.stopping || worker.isStopping() || worker.state() != WorkerState.READY
				|| this.slots.stream().anyMatch(this::isReplacementStarting)
				|| this.workers.values().stream().anyMatch(WorkerProcess::isStopping)) {
			// one at a time: the previous replacement is ready and its predecessor gone
			return;
		}
		String reason = recycleReason(worker);
		if (reason != null) {
			logger.info("Recycling {}: {}", worker, reason);
			spawnWorker(worker.slot(), worker.slot().generation(), now());
		}
	}

	private String recycleReason(WorkerProcess worker) {
		long served = worker.figure("served");
		if (worker.maxRequests() > 0 && served >= worker.maxRequests()) {
			return "served " + served + " requests (limit " + worker.maxRequests() + ")";
		}
		DataSize maxMemory = this.properties.getRecycle().getMaxMemory();
		long resident = worker.figure("rss");
		if (maxMemory != null && resident >= maxMemory.toBytes()) {
			return "resident memory " + DataSize.ofBytes(resident).toMegabytes() + "MB is above "
					+ maxMemory.toMegabytes() + "MB";
		}
		return null;
	}

	private void handleReady(WorkerProcess worker) {
		if (worker.state() != WorkerState.STARTING) {
			return;
		}
		worker.state(WorkerState.READY);
		logger.info("{} is ready after {} ms", worker, worker.uptime(now()).toMillis());
		Slot slot = worker.slot();
		slot.serving();
		if (worker.generation() > slot.generation()) {
			slot.generation(worker.generation());
		}
		Instant deadline = now().plus(this.properties.getProcessKillTimeout());
		slotWorkers(slot).filter((older) -> older.id() < worker.id()).forEach((older) -> older.terminate(deadline));
		if (!this.everReady) {
			this.everReady = true;
			logger.info("Cluster serving: first worker ready {} ms after the master started",
					Duration.between(this.started, now()).toMillis());
			this.slots.stream().filter(this::isEmpty).forEach((empty) -> empty.restartAt(now()));
		}
	}

	private void handleExit(WorkerExited event) {
		WorkerProcess worker = this.workers.remove(event.worker());
		if (worker == null) {
			return;
		}
		if (worker.isStopping()) {
			logger.info("{} stopped with exit code {}", worker, event.exitCode());
			return;
		}
		logExit(worker, event.exitCode());
		if (!isReloading(worker)) {
			worker.slot().exited(event.exitCode(), now(), worker.lastOutput());
		}
		lost(worker, "exited with code " + event.exitCode() + " before it was ready");
	}

	private void logExit(WorkerProcess worker, int exitCode) {
		if (exitCode == 137) {
			logger.error("{} was killed (SIGKILL, exit code 137). Out of memory?", worker);
		}
		else if (exitCode == 143 || exitCode == 0) {
			logger.warn("{} stopped unexpectedly with exit code {}", worker, exitCode);
		}
		else {
			logger.error("{} exited unexpectedly with exit code {}", worker, exitCode);
		}
	}

	/**
	 * Deals with a worker that is gone without being asked to stop. A worker of a reload
	 * that never became ready fails the reload; the workers it was to replace keep
	 * serving. A slot that still has a worker needs nothing. Otherwise the slot is
	 * restarted, with backoff. Before any worker was ready, a lost worker may mean that
	 * the application cannot start at all: its slot waits for another worker to become
	 * ready, and once none is left the cluster stops, so that a service manager sees the
	 * failure instead of a master forking forever.
	 */
	private void lost(WorkerProcess worker, String reason) {
		if (isReloading(worker) && worker.state() == WorkerState.STARTING) {
			failReload(worker, reason);
			return;
		}
		if (!this.everReady) {
			if (this.workers.values().stream().allMatch(WorkerProcess::isStopping)) {
				logger.error("No worker became ready: {} {}. {}", worker, reason, lastOutput(worker));
				this.exitCode = 1;
				stopAll();
			}
			return;
		}
		Slot slot = worker.slot();
		if (isServed(slot) || !this.slots.contains(slot)) {
			return;
		}
		Instant now = now();
		Duration delay = slot.backoff().delayAfterExit(worker.uptime(now));
		slot.restartAt(now.plus(delay));
		if (slot.isErrored()) {
			logger.error("Worker {} is crash-looping ({} quick exits in a row); next start in {} ms. {}",
					slot.number(), slot.backoff().quickExits(), delay.toMillis(), lastOutput(worker));
		}
		else if (!delay.isZero()) {
			logger.info("Restarting worker {} in {} ms ({} quick exit(s) in a row)", slot.number(), delay.toMillis(),
					slot.backoff().quickExits());
		}
	}

	private Map<String, Object> requestReload(WorkerProcess worker) {
		Reload reload = startReload("the cluster endpoint of " + worker);
		return (reload != null) ? reload.describe() : Map.of(REFUSED, "The cluster is stopping");
	}

	/**
	 * Starts a rolling reload, or returns the one running: a second trigger joins it.
	 */
	private Reload startReload(String trigger) {
		if (this.stopping) {
			logger.warn("Reload requested by {} refused: the cluster is stopping", trigger);
			return null;
		}
		if (this.reload != null && this.reload.isRunning()) {
			logger.info("Reload requested by {} joins {}", trigger, this.reload);
			return this.reload;
		}
		this.reload = new Reload(Integer.toString(++this.reloads), ++this.lastGeneration, now(), this.slots.size());
		this.memoryTrimDue = true;
		logger.info("{} started by {}: replacing {} worker(s), {} at a time", this.reload, trigger, this.slots.size(),
				this.properties.getReload().getBatchSize());
		return this.reload;
	}

	/**
	 * Follows the running reload: records how many slots run the new generation, and
	 * starts the next batch of new workers once the previous batch is ready.
	 */
	private void manageReload(Instant now) {
		if (this.stopping || this.reload == null || !this.reload.isRunning()) {
			return;
		}
		int target = this.reload.generation();
		int replaced = (int) this.slots.stream().filter((slot) -> slot.generation() >= target).count();
		this.reload.progress(replaced, this.slots.size(), now);
		if (!this.reload.isRunning()) {
			this.servingGeneration = target;
			this.reloadStatistics.ended(this.reload);
			logger.info("{} succeeded", this.reload);
			return;
		}
		boolean batchStarting = this.workers.values()
			.stream()
			.anyMatch((worker) -> worker.generation() == target && worker.state() == WorkerState.STARTING);
		if (!batchStarting) {
			this.slots.stream()
				.filter((slot) -> slot.generation() < target)
				.limit(this.properties.getReload().getBatchSize())
				.forEach((slot) -> spawnWorker(slot, target, now));
		}
	}

	private void failReload(WorkerProcess worker, String reason) {
		String error = worker + " of generation " + worker.generation() + " " + reason + ". " + lastOutput(worker);
		logger.error("{} failed: {}", this.reload, error);
		this.reload.fail(error, now());
		this.reloadStatistics.ended(this.reload);
		Instant deadline = now().plus(this.properties.getProcessKillTimeout());
		this.workers.values()
			.stream()
			.filter((other) -> other.generation() == worker.generation() && other.state() == WorkerState.STARTING)
			.forEach((other) -> other.terminate(deadline));
		this.slots.stream()
			.filter((slot) -> slot.restartAt() == null && !isServed(slot))
			.forEach((slot) -> slot.restartAt(now()));
	}

	/**
	 * Sets the number of workers: new slots start a worker at once; removed slots (the
	 * highest numbers) drain theirs.
	 */
	private Map<String, Object> scaleTo(int count, String trigger) {
		if (this.stopping || count < 1) {
			String reason = this.stopping ? "The cluster is stopping" : "The cluster needs at least 1 worker";
			logger.warn("Scaling to {} worker(s) requested by {} refused: {}", count, trigger, reason);
			return Map.of(REFUSED, reason);
		}
		logger.info("Scaling from {} to {} worker(s), requested by {}", this.slots.size(), count, trigger);
		Instant now = now();
		while (this.slots.size() < count) {
			Slot slot = newSlot(this.slots.size() + 1);
			this.slots.add(slot);
			spawnWorker(slot, slot.generation(), now);
		}
		Instant deadline = now.plus(this.properties.getProcessKillTimeout());
		while (this.slots.size() > count) {
			Slot removed = this.slots.remove(this.slots.size() - 1);
			slotWorkers(removed).forEach((worker) -> worker.terminate(deadline));
		}
		return Map.of("desired", count);
	}

	/**
	 * Kills workers past their stop deadline; has workers that stopped beating dump their
	 * threads and replaces them; kills workers that did not become ready within the
	 * startup timeout.
	 */
	private void murderWorkers(Instant now) {
		Duration startupTimeout = this.properties.getStartupTimeout();
		Duration heartbeatTimeout = this.properties.getHeartbeat().getTimeout();
		for (WorkerProcess worker : List.copyOf(this.workers.values())) {
			if (worker.isPastStopDeadline(now)) {
				logger.warn("{} is still running at its stop deadline; killing it", worker);
				worker.kill();
			}
			else if (!worker.isStopping() && worker.isSilent(now, heartbeatTimeout)) {
				logger.error("{} sent no heartbeat for {}; printing its threads and killing it", worker,
						Durations.print(heartbeatTimeout));
				worker.dumpThreadsAndStop(now.plus(THREAD_DUMP_GRACE));
				worker.slot().exited(137, now, List.of());
				lost(worker, "stopped sending heartbeats");
			}
			else if (worker.state() == WorkerState.STARTING && !worker.isStopping()
					&& worker.uptime(now).compareTo(startupTimeout) > 0) {
				String timeout = Durations.print(startupTimeout);
				logger.error("{} did not become ready within {}; killing it", worker, timeout);
				worker.kill();
				this.workers.remove(worker.id());
				lost(worker, "was not ready within " + timeout);
			}
		}
	}

	/**
	 * Starts a worker in every slot whose restart delay is over.
	 */
	private void manageWorkers(Instant now) {
		if (this.stopping) {
			return;
		}
		for (Slot slot : this.slots) {
			if (slot.isRestartDue(now)) {
				spawnWorker(slot, slot.generation(), now);
			}
		}
	}

	private void spawnWorker(Slot slot, int generation, Instant now) {
		slot.restartAt(null);
		long id = ++this.lastWorkerId;
		logger.info("Starting worker {} (generation {})", slot.number(), generation);
		try {
			Process process = this.launcher.launch(id, slot.number(), generation, this.slots.size());
			WorkerOutput output = new WorkerOutput(slot.number(), process.pid());
			output.copy(process);
			this.workers.put(id, new WorkerProcess(id, slot, generation, process, output, now, maxRequests()));
			process.onExit().thenAccept((exited) -> workerExited(id, exited.exitValue()));
		}
		catch (IOException ex) {
			logger.error("Could not start worker {}", slot.number(), ex);
			slot.restartAt(now.plus(slot.backoff().delayAfterExit(Duration.ZERO)));
		}
	}

	private long maxRequests() {
		ClusterProperties.Recycle recycle = this.properties.getRecycle();
		long jitter = recycle.getMaxRequestsJitter();
		return (recycle.getMaxRequests() > 0)
				? recycle.getMaxRequests() + ((jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0) : 0;
	}

	private void stopAll() {
		this.stopping = true;
		if (this.reload != null && this.reload.isRunning()) {
			this.reload.fail("The cluster stopped", now());
			this.reloadStatistics.ended(this.reload);
		}
		Instant deadline = now().plus(this.properties.getProcessKillTimeout());
		this.workers.values().forEach((worker) -> worker.terminate(deadline));
	}

	private Map<String, Object> status() {
		Instant now = now();
		Map<String, Object> master = new LinkedHashMap<>();
		master.put("pid", ProcessHandle.current().pid());
		master.put("uptime", Duration.between(this.started, now).toString());
		master.put("address",
				this.socket.address().getAddress().getHostAddress() + ":" + this.socket.address().getPort());
		master.put("socketMode", this.socket.mode().name());
		if (this.socket.mode() == ListenerMode.REUSE_PORT) {
			master.put("tcpMigrateReq", ReusePortReservation.isMigrateRequestsEnabled());
		}
		master.put("generation", this.servingGeneration);
		master.put("stopping", this.stopping);
		master.put("leader", (this.leader != null && this.workers.containsKey(this.leader))
				? this.workers.get(this.leader).pid() : null);
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("desired", this.slots.size());
		counts.put("ready", this.slots.stream().filter(this::hasReadyWorker).count());
		counts.put("running", this.workers.size());
		counts.put("errored", this.slots.stream().filter(Slot::isErrored).count());
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("master", master);
		status.put("workers", counts);
		status.put("reload", (this.reload != null) ? this.reload.describe() : null);
		status.put("reloads", this.reloadStatistics.describe());
		status.put("slots", this.slots.stream().map(Slot::describe).toList());
		status.put("processes", this.workers.values().stream().map((worker) -> worker.describe(now)).toList());
		return status;
	}

	private Slot newSlot(int number) {
		ClusterProperties.Restart restart = this.properties.getRestart();
		return new Slot(number,
				new RestartBackoff(restart.getInitialDelay(), restart.getMaxDelay(), restart.getMinUptime()),
				this.servingGeneration);
	}

	private boolean isReloading(WorkerProcess worker) {
		return this.reload != null && this.reload.isRunning() && worker.generation() == this.reload.generation();
	}

	private String lastOutput(WorkerProcess worker) {
		return "Its last output:" + System.lineSeparator()
				+ String.join(System.lineSeparator(), worker.lastOutput());
	}

	private Stream<WorkerProcess> slotWorkers(Slot slot) {
		return this.workers.values().stream().filter((worker) -> worker.slot() == slot);
	}

	private boolean isServed(Slot slot) {
		return slotWorkers(slot).anyMatch((worker) -> !worker.isStopping());
	}

	private boolean hasReadyWorker(Slot slot) {
		return slotWorkers(slot).anyMatch((worker) -> !worker.isStopping() && worker.state() == WorkerState.READY);
	}

	/**
	 * Returns whether a slot has a new worker starting while an older one serves: a
	 * reload or a recycling in progress.
	 */
	private boolean isReplacementStarting(Slot slot) {
		return hasReadyWorker(slot) && slotWorkers(slot)
			.anyMatch((worker) -> !worker.isStopping() && worker.state() == WorkerState.STARTING);
	}

	private boolean isEmpty(Slot slot) {
		return slot.restartAt() == null && slotWorkers(slot).findAny().isEmpty();
	}

	private Duration untilNextDeadline() {
		Instant now = now();
		Instant next = now.plus(MAX_WAIT);
		for (Slot slot : this.slots) {
			if (slot.restartAt() != null && slot.restartAt().isBefore(next)) {
				next = slot.restartAt();
			}
		}
		Duration wait = Duration.between(now, next);
		return wait.isNegative() ? Duration.ZERO : wait;
	}

	private Instant now() {
		return this.clock.instant();
	}

}
