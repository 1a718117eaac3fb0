package io.clusterboot.demo.e2e;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer of {@code GET /actuator/cluster}: the master, the worker counts, the current
 * or last reload, the slots and every worker process the master runs.
 *
 * @param master the master
 * @param workers desired and actual worker counts
 * @param reload the current or last reload, or {@code null} if there was none
 * @param slots the slots, by number
 * @param processes the worker processes (starting, ready or draining)
 * @param bootCache the boot cache workers start from
 * @param settings the cluster's settings in force
 * @param upgrade the current or last master upgrade of the master, or {@code null}
 * @param sessions the master's session store, or {@code null} when it keeps none
 * @author ClusterBoot team
 */
record ClusterStatus(Master master, Workers workers, Reload reload, List<Slot> slots, List<Worker> processes,
		BootCache bootCache, Settings settings, Upgrade upgrade, Sessions sessions) {

	/**
	 * The master's session store.
	 *
	 * @param count the sessions it holds
	 * @param bytes their size
	 * @param rejected the saves it refused as too large
	 */
	record Sessions(long count, long bytes, long rejected) {
	}

	/**
	 * A master upgrade.
	 *
	 * @param id its number
	 * @param state {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}
	 * @param pid the new master's pid, or {@code null} until it runs
	 * @param error why it failed, or {@code null}
	 */
	record Upgrade(int id, String state, Long pid, String error) {
	}

	/**
	 * The cluster's settings in force.
	 *
	 * @param generation the generation from which they apply
	 * @param workers the number of workers
	 * @param workerJvmArgs {@code cluster.worker.jvm-args}
	 */
	record Settings(int generation, int workers, List<String> workerJvmArgs) {
	}

	/** A worker's state when it serves. */
	static final String READY = "READY";

	/** A slot's state while its workers keep dying. */
	static final String ERRORED = "ERRORED";

	/**
	 * The id of the current or last reload.
	 * @return the id, or {@code null} if there was no reload
	 */
	String reloadId() {
		return (this.reload != null) ? this.reload.id() : null;
	}

	/**
	 * The pids of every worker process.
	 * @return the pids, in the master's order
	 */
	Set<Long> pids() {
		return this.processes.stream().map(Worker::pid).collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * A slot.
	 * @param number its number (1..desired)
	 * @return the slot
	 * @throws AssertionError if the status has no such slot
	 */
	Slot slot(int number) {
		return this.slots.stream()
			.filter((slot) -> slot.slot() == number)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No slot " + number + " in " + this));
	}

	/**
	 * The worker process with the given pid.
	 * @param pid the pid
	 * @return the process, if the master runs it
	 */
	Optional<Worker> process(long pid) {
		return this.processes.stream().filter((worker) -> worker.pid() == pid).findFirst();
	}

	/**
	 * The processes of one slot (more than one while a replacement starts or an old
	 * worker drains).
	 * @param slot the slot's number
	 * @return its processes
	 */
	List<Worker> processesOf(int slot) {
		return this.processes.stream().filter((worker) -> worker.slot() == slot).toList();
	}

	/**
	 * Whether the cluster runs exactly its desired workers, all ready and of the given
	 * generation, with nothing else (no worker starting or draining).
	 * @param generation the generation
	 * @return whether it does
	 */
	boolean isSettledAt(int generation) {
		return this.processes.size() == this.workers.desired() && this.processes.stream()
			.allMatch((worker) -> worker.generation() == generation && READY.equals(worker.state()));
	}

	/**
	 * The master.
	 *
	 * @param pid its pid
	 * @param uptime its uptime (ISO-8601 duration)
	 * @param address the address it listens on
	 * @param managementAddress the address of the actuator's own port, or {@code null}
	 * @param socketMode how the workers share the socket
	 * @param generation the newest generation of workers
	 * @param stopping whether the cluster stops
	 */
	record Master(long pid, String uptime, String address, String managementAddress, String socketMode,
			int generation, boolean stopping) {
	}

	/**
	 * Worker counts.
	 *
	 * @param desired the configured count
	 * @param ready how many slots have a ready worker
	 * @param running how many processes run
	 * @param errored how many slots are crash-looping
	 */
	record Workers(int desired, int ready, int running, int errored) {
	}

	/**
	 * A slot: a place for one worker, kept by its replacements.
	 *
	 * @param slot its number
	 * @param generation the generation serving it
	 * @param state {@code OK} or {@value ClusterStatus#ERRORED}
	 * @param restarts how often its worker exited unexpectedly
	 * @param lastExit its worker's last unexpected exit, or {@code null}
	 * @param nextRestart when its next worker starts, or {@code null}
	 * @param lastOutput the last lines its crash-looping worker printed (empty unless
	 * ERRORED)
	 */
	record Slot(int slot, int generation, String state, int restarts, Exit lastExit, String nextRestart,
			List<String> lastOutput) {
	}

	/**
	 * How a worker process ended.
	 *
	 * @param code its exit code (128 + n for a signal n)
	 * @param signal the signal that killed it, or {@code null}
	 * @param at when the master saw it (ISO-8601 instant)
	 */
	record Exit(int code, Integer signal, String at) {
	}

	/**
	 * A rolling reload, as {@code GET /actuator/cluster} and
	 * {@code POST /actuator/cluster/reload} describe it.
	 *
	 * @param id its id
	 * @param state its state
	 * @param generation the generation it rolls out
	 * @param started when it started
	 * @param finished when it ended, or {@code null}
	 * @param progress how many workers it replaced of how many
	 * @param error why it failed, or {@code null}
	 */
	record Reload(String id, ReloadState state, int generation, String started, String finished, Progress progress,
			String error) {

		@Override
		public String toString() {
			return "reload " + this.id + " (generation " + this.generation + ") " + this.state + " "
					+ this.progress.replaced() + "/" + this.progress.total()
					+ ((this.error != null) ? ": " + this.error : "");
		}

	}

	/**
	 * The states of a reload.
	 */
	enum ReloadState {

		RUNNING, SUCCEEDED, FAILED

	}

	/**
	 * How far a reload got.
	 *
	 * @param replaced workers replaced
	 * @param total workers to replace
	 */
	record Progress(int replaced, int total) {
	}

	/**
	 * A worker process, with the figures of its last heartbeat ({@code null} before the
	 * first).
	 *
	 * @param slot its slot
	 * @param id its id (unique in the cluster's life)
	 * @param pid its pid
	 * @param generation its generation
	 * @param state STARTING, READY or DRAINING
	 * @param uptime its uptime (ISO-8601 duration)
	 * @param restarts how often its slot was restarted
	 * @param lastExit the slot's last unexpected exit, or {@code null}
	 * @param lastHeartbeat when the master got its last heartbeat (ISO-8601 instant)
	 * @param residentMemory its resident set size, in bytes
	 * @param heapUsed its used heap, in bytes
	 * @param cpuPercent its recent CPU use
	 * @param requestsInFlight requests it is serving
	 * @param requestsServed requests it has served
	 * @param bootCache whether it runs from the boot cache, {@code null} until ready
	 * @param requestThreads its busy request threads against the maximum, {@code null}
	 * before its first heartbeat
	 * @param debugAddress where its debugger agent listens, or {@code null} without one
	 */
	record Worker(int slot, long id, long pid, int generation, String state, String uptime, int restarts,
			Exit lastExit, String lastHeartbeat, Long residentMemory, Long heapUsed, Double cpuPercent,
			Long requestsInFlight, Long requestsServed, Boolean bootCache, RequestThreads requestThreads,
			String debugAddress) {

		/**
		 * Whether its last heartbeat said that every request thread was busy.
		 * @return whether it is saturated
		 */
		boolean isSaturated() {
			return this.requestThreads != null && this.requestThreads.saturated();
		}

		/**
		 * Whether a heartbeat with figures has arrived.
		 * @return whether the figures are there
		 */
		boolean hasFigures() {
			return this.lastHeartbeat != null && this.residentMemory != null && this.heapUsed != null
					&& this.cpuPercent != null && this.requestsInFlight != null && this.requestsServed != null;
		}

	}

	/**
	 * A worker's request threads.
	 *
	 * @param busy those running a request
	 * @param max the most that may run requests
	 * @param saturated whether all of them are busy
	 */
	record RequestThreads(int busy, int max, boolean saturated) {
	}

	/**
	 * The boot cache.
	 *
	 * @param state {@code DISABLED}, {@code BUILDING}, {@code READY} or
	 * {@code UNAVAILABLE}
	 * @param reason why it is not ready, or {@code null}
	 * @param archive {@code CDS} or {@code AOT}
	 * @param directory the directory of the ready cache, or {@code null}
	 */
	record BootCache(String state, String reason, String archive, String directory) {

		boolean isReady() {
			return "READY".equals(this.state);
		}

	}

}
