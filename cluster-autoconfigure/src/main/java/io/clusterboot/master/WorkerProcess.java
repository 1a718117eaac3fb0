package io.clusterboot.master;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clusterboot.ipc.ControlMessage;

/**
 * A worker process as the master sees it. Changed by the master's thread only.
 *
 * @author ClusterBoot team
 */
final class WorkerProcess {

	private static final List<String> FIGURES = List.of("rss", "heapUsed", "cpu", "inFlight", "served");

	private final long id;

	private final Slot slot;

	private final int generation;

	private final Process process;

	private final WorkerOutput output;

	private final Instant started;

	private final long maxRequests;

	private WorkerState state = WorkerState.STARTING;

	private Instant stopDeadline;

	private Instant lastHeartbeat;

	private Map<String, Object> figures = Map.of();

	private boolean killed;

	WorkerProcess(long id, Slot slot, int generation, Process process, WorkerOutput output, Instant started,
			long maxRequests) {
		this.id = id;
		this.slot = slot;
		this.generation = generation;
		this.process = process;
		this.output = output;
		this.started = started;
		this.maxRequests = maxRequests;
	}

	long id() {
		return this.id;
	}

	Slot slot() {
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

	void heartbeat(ControlMessage message, Instant now) {
		this.lastHeartbeat = now;
		Map<String, Object> figures = new LinkedHashMap<>();
		FIGURES.forEach((name) -> figures.put(name, message.values().get(name)));
		this.figures = figures;
	}

	/**
	 * Returns whether the worker has beaten before and has been silent for longer than
	 * the timeout. The watch starts with the first beat: a worker still booting is the
	 * startup timeout's business.
	 */
	boolean isSilent(Instant now, Duration timeout) {
		return this.lastHeartbeat != null && Duration.between(this.lastHeartbeat, now).compareTo(timeout) > 0;
	}

	long figure(String name) {
		return (this.figures.get(name) instanceof Number number) ? number.longValue() : -1;
	}

	long maxRequests() {
		return this.maxRequests;
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

	/**
	 * Has a silent worker print a thread dump to its output, if its JVM still can, and
	 * sets when it will be killed.
	 */
	void dumpThreadsAndStop(Instant killAt) {
		this.stopDeadline = killAt;
		Signals.send(pid(), "QUIT");
	}

	boolean isPastStopDeadline(Instant now) {
		return !this.killed && this.stopDeadline != null && now.isAfter(this.stopDeadline);
	}

	void kill() {
		this.killed = true;
		this.process.toHandle().destroyForcibly();
	}

	List<String> lastOutput() {
		return this.output.tail();
	}

	Map<String, Object> describe(Instant now) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("slot", this.slot.number());
		description.put("id", this.id);
		description.put("pid", pid());
		description.put("generation", this.generation);
		description.put("state", (isStopping() ? WorkerState.DRAINING : this.state).name());
		description.put("uptime", uptime(now).toString());
		description.put("restarts", this.slot.restarts());
		description.put("lastExit", this.slot.lastExit());
		description.put("lastHeartbeat", (this.lastHeartbeat != null) ? this.lastHeartbeat.toString() : null);
		description.put("residentMemory", this.figures.get("rss"));
		description.put("heapUsed", this.figures.get("heapUsed"));
		description.put("cpuPercent", this.figures.get("cpu"));
		description.put("requestsInFlight", this.figures.get("inFlight"));
		description.put("requestsServed", this.figures.get("served"));
		return description;
	}

	@Override
	public String toString() {
		return "Worker " + this.slot.number() + " (pid " + pid() + ")";
	}

}
