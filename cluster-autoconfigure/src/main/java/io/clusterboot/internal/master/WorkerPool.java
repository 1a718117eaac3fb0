package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterAction.ApplyConfiguration;
import io.clusterboot.internal.master.MasterAction.StartWorker;
import io.clusterboot.internal.master.MasterAction.WorkerSignal;

import org.slf4j.event.Level;

/**
 * The cluster's workers and the slots they serve, with the settings they start with: the
 * state that every rule of the {@link Supervisor} reads, and the changes the rules share
 * (starting a worker in a slot, asking one to stop, changing the number of slots,
 * applying other settings). Whatever starts workers, no more than
 * {@code cluster.max-starting} start at a time: each rule asks {@link #roomToStart()}
 * first.
 *
 * @author ClusterBoot team
 */
final class WorkerPool {

	private final Decisions decisions;

	private final RandomGenerator random;

	private final Map<Long, Worker> workers = new LinkedHashMap<>();

	private final List<Slot> slots = new ArrayList<>();

	/**
	 * The settings in force: the master's own, then those each reload read.
	 */
	private MasterSettings settings;

	/**
	 * The generation from which the settings in force apply.
	 */
	private int configuredGeneration = 1;

	/**
	 * The generation the cluster serves, which a new slot starts a worker of.
	 */
	private int servingGeneration = 1;

	private long lastWorkerId;

	private boolean everReady;

	/**
	 * Creates the pool with slots that start their workers at once.
	 * @param settings the master's settings
	 * @param size the number of slots
	 * @param now the time
	 * @param random draws the jitter of each worker's request limit
	 * @param decisions what the rules decide
	 */
	WorkerPool(MasterSettings settings, int size, Instant now, RandomGenerator random, Decisions decisions) {
		this.settings = settings;
		this.random = random;
		this.decisions = decisions;
		for (int number = 1; number <= size; number++) {
			Slot slot = newSlot(number);
			slot.restartAt(now);
			this.slots.add(slot);
		}
	}

	MasterSettings settings() {
		return this.settings;
	}

	int configuredGeneration() {
		return this.configuredGeneration;
	}

	int servingGeneration() {
		return this.servingGeneration;
	}

	void servingGeneration(int generation) {
		this.servingGeneration = generation;
	}

	/**
	 * Records that a worker became ready.
	 * @return whether it is the first since the master started
	 */
	boolean firstReady() {
		boolean first = !this.everReady;
		this.everReady = true;
		return first;
	}

	/**
	 * Returns whether any worker became ready since the master started: before, a lost
	 * worker may mean that the application cannot start at all.
	 */
	boolean isEverReady() {
		return this.everReady;
	}

	/**
	 * Returns the workers, oldest first: those that start, serve and stop.
	 */
	Collection<Worker> workers() {
		return Collections.unmodifiableCollection(this.workers.values());
	}

	/**
	 * Returns a worker by its id, or {@code null} if it is gone.
	 */
	Worker worker(long id) {
		return this.workers.get(id);
	}

	/**
	 * Forgets a worker whose process is gone.
	 * @return the worker, or {@code null} if it was gone already
	 */
	Worker remove(long id) {
		return this.workers.remove(id);
	}

	/**
	 * Returns the slots, by number.
	 */
	List<Slot> slots() {
		return Collections.unmodifiableList(this.slots);
	}

	/**
	 * Returns the number of slots: the number of workers the cluster runs.
	 */
	int size() {
		return this.slots.size();
	}

	Stream<Worker> slotWorkers(Slot slot) {
		return this.workers.values().stream().filter((worker) -> worker.slot() == slot);
	}

	/**
	 * Returns whether a slot has a worker that is not asked to stop, ready or not.
	 */
	boolean isServed(Slot slot) {
		return slotWorkers(slot).anyMatch((worker) -> !worker.isStopping());
	}

	boolean hasReadyWorker(Slot slot) {
		return slotWorkers(slot).anyMatch(Worker::isServing);
	}

	/**
	 * Returns whether a slot has a new worker starting while an older one serves: a
	 * reload or a recycling in progress.
	 */
	boolean isReplacementStarting(Slot slot) {
		return hasReadyWorker(slot) && slotWorkers(slot).anyMatch(Worker::isStarting);
	}

	/**
	 * Returns whether a slot has no worker and none is due to start.
	 */
	boolean isEmpty(Slot slot) {
		return slot.restartAt() == null && slotWorkers(slot).findAny().isEmpty();
	}

	/**
	 * Returns how many more workers may start now: {@code cluster.max-starting} bounds
	 * the JVMs that boot at the same time, whatever starts them, so that nothing can fork
	 * without bound.
	 */
	int roomToStart() {
		long starting = this.workers.values().stream().filter(Worker::isStarting).count();
		return (int) Math.max(0, this.settings.maxStarting() - starting);
	}

	boolean hasRoomToStart() {
		return roomToStart() > 0;
	}

	/**
	 * Starts a worker in a slot, with a debugger agent if the workers get one.
	 */
	void spawn(Slot slot, int generation, Instant now) {
		slot.restartAt(null);
		long id = ++this.lastWorkerId;
		MasterSettings.Debug debug = this.settings.debug();
		DebugAddress debugAddress = DebugAddress.choose(debug, this.settings.maxWorkers(), slot.number(),
				takenDebugPorts());
		this.workers.put(id, new Worker(id, slot, generation, now, maxRequests(), debugAddress));
		this.decisions.log(Level.INFO, "Starting worker %d (generation %d)%s", slot.number(), generation,
				(debugAddress != null) ? ", debugger on " + debugAddress
						: (debug.port() != null) ? ", without a debugger: every port of its slot is taken" : "");
		this.decisions.add(new StartWorker(id, slot.number(), generation, this.slots.size(), debugAddress));
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
		MasterSettings.Recycle recycle = this.settings.recycle();
		long jitter = recycle.maxRequestsJitter();
		return (recycle.maxRequests() > 0)
				? recycle.maxRequests() + ((jitter > 0) ? this.random.nextLong(jitter + 1) : 0) : 0;
	}

	/**
	 * Asks a worker to drain and stop, unless it was asked before.
	 * @param deadline when it is killed if it still runs
	 */
	void terminate(Worker worker, Instant deadline) {
		if (worker.stopBy(deadline)) {
			this.decisions.signal(worker, WorkerSignal.TERM);
		}
	}

	/**
	 * Returns when a worker asked to stop now is killed if it still runs.
	 */
	Instant stopDeadline(Instant now) {
		return now.plus(this.settings.processKillTimeout());
	}

	/**
	 * Sets the number of slots: removed slots (the highest numbers) drain their workers,
	 * and every worker is told the new number.
	 * @param startNow whether new slots start a worker as soon as there is room, or wait
	 * for the reload to start theirs
	 */
	void resize(int count, boolean startNow, Instant now) {
		while (this.slots.size() < count) {
			Slot slot = newSlot(this.slots.size() + 1);
			this.slots.add(slot);
			if (startNow) {
				slot.restartAt(now);
			}
		}
		Instant deadline = stopDeadline(now);
		while (this.slots.size() > count) {
			Slot removed = this.slots.remove(this.slots.size() - 1);
			slotWorkers(removed).toList().forEach((worker) -> terminate(worker, deadline));
		}
		ControlMessage counted = workerCount();
		this.workers.values()
			.stream()
			.filter((worker) -> !worker.isStopping())
			.forEach((worker) -> this.decisions.send(worker, counted));
	}

	/**
	 * Tells a worker how many workers the cluster runs: when it connects, since it may
	 * have started before a scaling, and after every scaling.
	 */
	ControlMessage workerCount() {
		return ControlMessage.of(ControlMessage.WORKER_COUNT, "count", this.slots.size());
	}

	/**
	 * Makes settings the ones in force: workers start with them, and the slots restart
	 * and number by them.
	 * @param startNewSlots whether new slots start a worker as soon as there is room
	 */
	void apply(MasterSettings settings, int generation, int workers, boolean startNewSlots, Instant now) {
		this.settings = settings;
		this.configuredGeneration = generation;
		this.decisions.add(new ApplyConfiguration(settings));
		this.slots.forEach((slot) -> slot.backoff(newBackoff()));
		if (workers != this.slots.size()) {
			resize(workers, startNewSlots, now);
		}
	}

	private Slot newSlot(int number) {
		return new Slot(number, newBackoff(), this.servingGeneration);
	}

	private RestartBackoff newBackoff() {
		MasterSettings.Restart restart = this.settings.restart();
		return new RestartBackoff(restart.initialDelay(), restart.maxDelay(), restart.minUptime());
	}

}
