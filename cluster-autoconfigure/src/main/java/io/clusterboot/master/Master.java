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
import java.util.concurrent.TimeUnit;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.ipc.ControlMessage;
import io.clusterboot.ipc.ControlServer;
import io.clusterboot.master.MasterEvent.SignalReceived;
import io.clusterboot.master.MasterEvent.WorkerExited;
import io.clusterboot.master.MasterEvent.WorkerMessage;
import io.clusterboot.support.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master of a cluster: starts the workers, replaces those that exit, and stops them
 * all on TERM or INT. One thread runs {@link #run()} and owns all state; everything else
 * reaches it as a {@link MasterEvent} on its queue.
 *
 * @author ClusterBoot team
 */
class Master implements ControlServer.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Master.class);

	private static final Duration MAX_WAIT = Duration.ofSeconds(1);

	private final ClusterProperties properties;

	private final Clock clock;

	private final BlockingQueue<MasterEvent> events = new LinkedBlockingQueue<>();

	private final Map<Long, WorkerProcess> workers = new LinkedHashMap<>();

	private final List<Slot> slots = new ArrayList<>();

	private final Instant started;

	private WorkerLauncher launcher;

	private long lastWorkerId;

	private boolean everReady;

	private boolean stopping;

	private int exitCode;

	Master(ClusterProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.started = clock.instant();
		ClusterProperties.Restart restart = properties.getRestart();
		for (int slot = 1; slot <= properties.resolveWorkerCount(); slot++) {
			this.slots.add(new Slot(slot,
					new RestartBackoff(restart.getInitialDelay(), restart.getMaxDelay(), restart.getMinUptime())));
		}
	}

	/**
	 * Runs the cluster until it stops.
	 * @param launcher forks workers
	 * @return the exit code for the master process
	 */
	int run(WorkerLauncher launcher) throws InterruptedException {
		this.launcher = launcher;
		this.slots.forEach((slot) -> spawnWorker(slot, now()));
		while (!this.stopping || !this.workers.isEmpty()) {
			MasterEvent event = this.events.poll(untilNextDeadline().toMillis(), TimeUnit.MILLISECONDS);
			if (event != null) {
				dispatch(event);
			}
			Instant now = now();
			murderWorkers(now);
			manageWorkers(now);
		}
		return this.exitCode;
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
		if (worker == null) {
			logger.warn("Ignoring control message '{}' from unknown worker id {}", event.message().type(),
					event.worker());
			return;
		}
		switch (event.message().type()) {
			case ControlMessage.READY -> handleReady(worker);
			case ControlMessage.DRAINING -> worker.state(WorkerState.DRAINING);
			case ControlMessage.HELLO -> logger.debug("{} connected", worker);
			default -> logger.debug("Ignoring control message '{}' from {}", event.message().type(), worker);
		}
	}

	private void handleReady(WorkerProcess worker) {
		if (worker.state() != WorkerState.STARTING) {
			return;
		}
		worker.state(WorkerState.READY);
		logger.info("{} is ready after {} ms", worker, worker.uptime(now()).toMillis());
		if (!this.everReady) {
			this.everReady = true;
			logger.info("Cluster serving: first worker ready {} ms after the master started",
					Duration.between(this.started, now()).toMillis());
			this.slots.stream().filter(this::isEmpty).forEach((slot) -> slot.restartAt = now());
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
		replace(worker, "exited with code " + event.exitCode() + " before it was ready");
	}

	/**
	 * Schedules the restart of a lost worker's slot. Before any worker was ready, a lost
	 * worker may mean that the application cannot start at all: its slot waits for
	 * another worker to become ready, and once none is left the cluster stops, so that a
	 * service manager sees the failure instead of a master forking forever.
	 */
	private void replace(WorkerProcess worker, String reason) {
		if (!this.everReady) {
			if (this.workers.values().stream().allMatch(WorkerProcess::isStopping)) {
				logger.error("No worker became ready: {} {}. Its last output:{}{}", worker, reason,
						System.lineSeparator(), String.join(System.lineSeparator(), worker.lastOutput()));
				this.exitCode = 1;
				stopAll();
			}
			return;
		}
		Slot slot = this.slots.get(worker.slot() - 1);
		Instant now = now();
		Duration delay = slot.backoff.delayAfterExit(worker.uptime(now));
		slot.restartAt = now.plus(delay);
		if (!delay.isZero()) {
			logger.info("Restarting worker {} in {} ms ({} quick exit(s) in a row)", slot.number, delay.toMillis(),
					slot.backoff.quickExits());
		}
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
	 * Kills workers past their stop deadline, and workers that did not become ready
	 * within the startup timeout.
	 */
	private void murderWorkers(Instant now) {
		Duration startupTimeout = this.properties.getStartupTimeout();
		for (WorkerProcess worker : List.copyOf(this.workers.values())) {
			if (worker.isPastStopDeadline(now)) {
				logger.warn("{} did not stop within {}; killing it", worker,
						Durations.print(this.properties.getProcessKillTimeout()));
				worker.kill();
			}
			else if (worker.state() == WorkerState.STARTING && !worker.isStopping()
					&& worker.uptime(now).compareTo(startupTimeout) > 0) {
				String timeout = Durations.print(startupTimeout);
				logger.error("{} did not become ready within {}; killing it", worker, timeout);
				worker.kill();
				this.workers.remove(worker.id());
				replace(worker, "was not ready within " + timeout);
			}
		}
	}

	/**
	 * Starts a worker in every slot that has none and whose restart delay is over.
	 */
	private void manageWorkers(Instant now) {
		if (this.stopping) {
			return;
		}
		for (Slot slot : this.slots) {
			if (slot.restartAt != null && !now.isBefore(slot.restartAt)) {
				spawnWorker(slot, now);
			}
		}
	}

	private void spawnWorker(Slot slot, Instant now) {
		slot.restartAt = null;
		long id = ++this.lastWorkerId;
		logger.info("Starting worker {} (generation {})", slot.number, slot.generation);
		try {
			Process process = this.launcher.launch(id, slot.number, slot.generation, this.slots.size());
			WorkerOutput output = new WorkerOutput(slot.number, process.pid());
			output.copy(process);
			this.workers.put(id, new WorkerProcess(id, slot.number, process, output, now));
			process.onExit().thenAccept((exited) -> workerExited(id, exited.exitValue()));
		}
		catch (IOException ex) {
			logger.error("Could not start worker {}", slot.number, ex);
			slot.restartAt = now.plus(slot.backoff.delayAfterExit(Duration.ZERO));
		}
	}

	private void stopAll() {
		this.stopping = true;
		Instant deadline = now().plus(this.properties.getProcessKillTimeout());
		this.workers.values().forEach((worker) -> worker.terminate(deadline));
	}

	private boolean isEmpty(Slot slot) {
		return slot.restartAt == null
				&& this.workers.values().stream().noneMatch((worker) -> worker.slot() == slot.number);
	}

	private Duration untilNextDeadline() {
		Instant now = now();
		Instant next = now.plus(MAX_WAIT);
		for (Slot slot : this.slots) {
			if (slot.restartAt != null && slot.restartAt.isBefore(next)) {
				next = slot.restartAt;
			}
		}
		Duration wait = Duration.between(now, next);
		return wait.isNegative() ? Duration.ZERO : wait;
	}

	private Instant now() {
		return this.clock.instant();
	}

	/**
	 * A place for one worker, kept by its replacements.
	 */
	private static final class Slot {

		private final int number;

		private final RestartBackoff backoff;

		private int generation = 1;

		private Instant restartAt;

		Slot(int number, RestartBackoff backoff) {
			this.number = number;
			this.backoff = backoff;
		}

	}

}
