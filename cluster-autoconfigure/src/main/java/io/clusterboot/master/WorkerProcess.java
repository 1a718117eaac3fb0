package io.clusterboot.master;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker process as the master sees it. Changed by the master's thread only.
 *
 * @author ClusterBoot team
 */
final class WorkerProcess {

	private final long id;

	private final int slot;

	private final int generation;

	private final Process process;

	private final WorkerOutput output;

	private final Instant started;

	private WorkerState state = WorkerState.STARTING;

	private Instant stopDeadline;

	WorkerProcess(long id, int slot, int generation, Process process, WorkerOutput output, Instant started) {
		this.id = id;
		this.slot = slot;
		this.generation = generation;
		this.process = process;
		this.output = output;
		this.started = started;
	}

	long id() {
		return this.id;
	}

	int slot() {
		return this.slot;
	}

	int generation() {
		return this.generation;
	}

	long pid() {
		return this.process.pid();
	}

	WorkerState state() {
		return this.state;
	}

	void state(WorkerState state) {
		this.state = state;
	}

	Duration uptime(Instant now) {
		return Duration.between(this.started, now);
	}

	boolean isStopping() {
		return this.stopDeadline != null;
	}

	/**
	 * Asks the worker to drain and stop with SIGTERM, and sets when it will be killed.
	 * The signal goes through the process handle: {@link Process#destroy()} would also
	 * close the pipes that carry the worker's last log lines.
	 */
	void terminate(Instant deadline) {
		if (this.stopDeadline == null) {
			this.stopDeadline = deadline;
			this.process.toHandle().destroy();
		}
	}

	boolean isPastStopDeadline(Instant now) {
		return this.stopDeadline != null && now.isAfter(this.stopDeadline);
	}

	void kill() {
		this.process.toHandle().destroyForcibly();
	}

	List<String> lastOutput() {
		return this.output.tail();
	}

	Map<String, Object> describe(Instant now, Slot slot) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("slot", this.slot);
		description.put("id", this.id);
		description.put("pid", pid());
		description.put("generation", this.generation);
		description.put("state", (isStopping() ? WorkerState.DRAINING : this.state).name());
		description.put("uptime", uptime(now).toString());
		description.put("restarts", slot.restarts());
		description.put("lastExitCode", slot.lastExitCode());
		return description;
	}

	@Override
	public String toString() {
		return "Worker " + this.slot + " (pid " + pid() + ")";
	}

}
