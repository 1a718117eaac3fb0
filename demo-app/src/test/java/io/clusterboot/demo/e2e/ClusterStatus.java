package io.clusterboot.demo.e2e;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The answer of {@code GET /actuator/cluster}: the master, the worker counts, the current
 * or last reload and every worker process the master runs.
 *
 * @param master the master
 * @param workers desired and actual worker counts
 * @param reload the current or last reload, or {@code null} if there was none
 * @param processes the worker processes (starting, ready or draining)
 * @author ClusterBoot team
 */
record ClusterStatus(Master master, Workers workers, Reload reload, List<Worker> processes) {

	/** A worker's state when it serves. */
	static final String READY = "READY";

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
	 * @param socketMode how the workers share the socket
	 * @param generation the newest generation of workers
	 * @param stopping whether the cluster stops
	 */
	record Master(long pid, String uptime, String address, String socketMode, int generation, boolean stopping) {
	}

	/**
	 * Worker counts.
	 *
	 * @param desired the configured count
	 * @param ready how many are ready
	 * @param running how many processes run
	 */
	record Workers(int desired, int ready, int running) {
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
	 * A worker process.
	 *
	 * @param slot its slot
	 * @param id its id (unique in the cluster's life)
	 * @param pid its pid
	 * @param generation its generation
	 * @param state STARTING, READY or DRAINING
	 * @param uptime its uptime (ISO-8601 duration)
	 * @param restarts how often its slot was restarted
	 * @param lastExitCode the exit code of the slot's last unexpected exit, or {@code null}
	 */
	record Worker(int slot, long id, long pid, int generation, String state, String uptime, int restarts,
			Integer lastExitCode) {
	}

}
