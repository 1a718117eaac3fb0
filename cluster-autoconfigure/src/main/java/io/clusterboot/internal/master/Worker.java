package io.clusterboot.internal.master;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.WorkerState;

/**
 * A worker process as the {@link Supervisor} sees it: what it was started as, how far it
 * got, and when it is to be killed. Changed by the supervisor only.
 *
 * @author ClusterBoot team
 */
final class Worker {

	private final long id;

	private final Slot slot;

	private final int generation;

	private final Instant started;

	private final long maxRequests;

	private final DebugAddress debugAddress;

	private long pid = -1;

	private WorkerState state = WorkerState.STARTING;

	private Instant stopDeadline;

	private boolean killed;

	private String lostReason;

	private Instant lastHeartbeat;

	private Figures figures;

	private final Saturation saturation = new Saturation();

	private boolean fromBootCache;

	private Boolean bootCache;

	private boolean toldOthersStart;

	Worker(long id, Slot slot, int generation, Instant started, long maxRequests, DebugAddress debugAddress) {
		this.id = id;
		this.slot = slot;
		this.generation = generation;
		this.started = started;
		this.maxRequests = maxRequests;
		this.debugAddress = debugAddress;
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
		return this.pid;
	}

	/**
	 * Returns where the worker's debugger agent listens.
	 * @return the address, or {@code null} if it has none
	 */
	DebugAddress debugAddress() {
		return this.debugAddress;
	}

	void started(long pid, boolean fromBootCache) {
		this.pid = pid;
		this.fromBootCache = fromBootCache;
	}

	boolean isFromBootCache() {
		return this.fromBootCache;
	}

	/**
	 * Records whether the worker, once ready, runs from the boot cache: started from it,
	 * and its JVM uses the cache's class archive.
	 */
	void bootCache(boolean used) {
		this.bootCache = used;
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

	long maxRequests() {
		return this.maxRequests;
	}

	/**
	 * Returns whether the worker is starting: forked, its application not yet ready, and
	 * not asked to stop.
	 */
	boolean isStarting() {
		return this.state == WorkerState.STARTING && !isStopping();
	}

	/**
	 * Returns whether the worker serves: ready and not asked to stop.
	 */
	boolean isServing() {
		return this.state == WorkerState.READY && !isStopping();
	}

	/**
	 * Records a heartbeat and its figures.
	 * @return what to report of the worker's saturation, or {@code null}
	 */
	Saturation.Report heartbeat(ControlMessage message, Instant now) {
		this.lastHeartbeat = now;
		this.figures = Figures.of(message);
		return this.saturation.beat(this.figures.isSaturated(), now);
	}

	Figures figures() {
		return this.figures;
	}

	/**
	 * Returns whether the worker has beaten before and has been silent for longer than
	 * the timeout. The watch starts with the first beat: a worker still booting is the
	 * startup timeout's business.
	 */
	boolean isSilent(Instant now, Duration timeout) {
		return this.lastHeartbeat != null && Duration.between(this.lastHeartbeat, now).compareTo(timeout) > 0;
	}

	boolean isStopping() {
		return this.stopDeadline != null;
	}

	/**
	 * Returns whether the supervisor asked the worker to stop, as opposed to having
	 * given up on it.
	 */
	boolean isAskedToStop() {
		return isStopping() && this.lostReason == null;
	}

	/**
	 * Records that the worker was asked to stop, and when it will be killed if it has
	 * not stopped by then.
	 * @return whether it was not asked before
	 */
	boolean stopBy(Instant deadline) {
		if (this.stopDeadline != null) {
			return false;
		}
		this.stopDeadline = deadline;
		return true;
	}

	/**
	 * Records that the supervisor gave up on the worker, why, and when it will be
	 * killed: its exit is then a loss, not a stop.
	 */
	void giveUp(String reason, Instant killAt) {
		this.lostReason = reason;
		this.stopDeadline = killAt;
	}

	String lostReason() {
		return this.lostReason;
	}

	/**
	 * Returns when the supervisor must look at the worker next, whatever else happens:
	 * just after its stop deadline, or the end of its heartbeat timeout or of its startup
	 * timeout, whichever comes first.
	 * @param heartbeatTimeout how long a worker that beats may stay silent
	 * @param startupTimeout how long a worker may take to become ready
	 * @return the time, or {@code null} if no deadline applies
	 */
	Instant nextDeadline(Duration heartbeatTimeout, Duration startupTimeout) {
		if (this.stopDeadline != null) {
			return this.killed ? null : this.stopDeadline.plusMillis(1);
		}
		Instant silent = (this.lastHeartbeat != null) ? this.lastHeartbeat.plus(heartbeatTimeout).plusMillis(1) : null;
		Instant notReady = (this.state == WorkerState.STARTING) ? this.started.plus(startupTimeout).plusMillis(1)
				: null;
		if (silent == null || notReady == null) {
			return (silent != null) ? silent : notReady;
		}
		return silent.isBefore(notReady) ? silent : notReady;
	}

	boolean isPastStopDeadline(Instant now) {
		return !this.killed && this.stopDeadline != null && now.isAfter(this.stopDeadline);
	}

	void killed() {
		this.killed = true;
	}

	ClusterStatus.Worker describe(Instant now) {
		Figures figures = this.figures;
		return new ClusterStatus.Worker(this.slot.number(), this.id, this.pid, this.generation,
				isStopping() ? WorkerState.DRAINING : this.state, uptime(now), this.slot.restarts(),
				this.slot.lastExit(), this.lastHeartbeat, (figures != null) ? figures.residentMemory() : null,
				(figures != null) ? figures.heapUsed() : null, (figures != null) ? figures.cpuPercent() : null,
				(figures != null) ? figures.requestsInFlight() : null,
				(figures != null) ? figures.requestsServed() : null, this.bootCache,
				(figures != null) ? figures.requestThreads() : null,
				(this.debugAddress != null) ? this.debugAddress.toString() : null);
	}

	@Override
	public String toString() {
		return "Worker " + this.slot.number() + " (pid " + this.pid + ")";
	}

	/**
	 * Describes the last lines a worker printed, for the log line that says it is lost.
	 * @param lastOutput the lines
	 * @return the description
	 */
	static String describeOutput(List<String> lastOutput) {
		return "Its last output:" + System.lineSeparator() + String.join(System.lineSeparator(), lastOutput);
	}

	/**
	 * The figures of a worker's last heartbeat; -1 for one it did not send.
	 *
	 * @param residentMemory its resident set size, in bytes
	 * @param heapUsed its used heap, in bytes
	 * @param cpuPercent its recent CPU use
	 * @param requestsInFlight requests it is serving
	 * @param requestsServed requests it has served
	 * @param busyThreads its request threads that are busy; -1 where it runs requests on
	 * no pool of threads (Reactor Netty, virtual threads)
	 * @param maxThreads the most request threads it runs; -1 likewise
	 */
	record Figures(long residentMemory, long heapUsed, double cpuPercent, long requestsInFlight,
			long requestsServed, long busyThreads, long maxThreads) {

		static Figures of(ControlMessage heartbeat) {
			Object cpu = heartbeat.values().get("cpu");
			return new Figures(heartbeat.number("rss"), heartbeat.number("heapUsed"),
					(cpu instanceof Number number) ? number.doubleValue() : -1, heartbeat.number("inFlight"),
					heartbeat.number("served"), heartbeat.number("busyThreads"), heartbeat.number("maxThreads"));
		}

		/**
		 * Returns whether every request thread is busy: a request that comes waits.
		 */
		boolean isSaturated() {
			return this.maxThreads > 0 && this.busyThreads >= this.maxThreads;
		}

		ClusterStatus.RequestThreads requestThreads() {
			return (this.maxThreads > 0 && this.busyThreads >= 0)
					? new ClusterStatus.RequestThreads((int) this.busyThreads, (int) this.maxThreads, isSaturated())
					: null;
		}

	}

	/**
	 * Returns whether this worker was last told that another worker starts.
	 * @return whether it was
	 */
	boolean toldOthersStart() {
		return this.toldOthersStart;
	}

	void toldOthersStart(boolean starting) {
		this.toldOthersStart = starting;
	}

}
