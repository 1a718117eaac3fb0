package io.clusterboot.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster as the master sees it: what {@code GET /actuator/cluster} shows and what
 * the cluster's health indicator and meters are made of. The master builds it on its
 * thread; it travels to a worker on the control channel as JSON of the same shape.
 *
 * @param master the master
 * @param workers counts of the workers
 * @param reload the current or last rolling reload, or {@code null} if there was none
 * @param reloads counts of the finished reloads
 * @param slots the slots, by number
 * @param processes every worker process the master runs: starting, ready or draining
 * @param bootCache the boot cache the master starts workers from
 * @param settings the cluster's settings in force
 * @param upgrade the current or last master upgrade of this master, or {@code null} if
 * there was none
 * @param sessions the cluster's session store in the master, or {@code null} when the
 * master keeps no sessions ({@code cluster.sessions.enabled=false})
 * @author ClusterBoot team
 * @since 0.1.0
 */
public record ClusterStatus(Master master, Workers workers, Reload reload, Reloads reloads, List<Slot> slots,
		List<Worker> processes, BootCache bootCache, Settings settings, Upgrade upgrade, Sessions sessions) {

	/**
	 * Returns how many worker processes said in their last heartbeat that all their
	 * request threads were busy.
	 * @return the number of saturated workers
	 */
	public int saturatedWorkers() {
		return (int) this.processes.stream()
			.filter((worker) -> worker.requestThreads() != null && worker.requestThreads().saturated())
			.count();
	}

	/**
	 * A master upgrade: a new master of the jar on disk, handed every listening socket,
	 * starts its workers and takes over from this one.
	 *
	 * @param id the upgrade's number, from 1 on
	 * @param state how it goes
	 * @param pid the new master's pid, or {@code null} until it runs
	 * @param started when it started
	 * @param finished when it ended, or {@code null}
	 * @param error why it failed, or {@code null}
	 */
	public record Upgrade(int id, UpgradeState state, Long pid, Instant started, Instant finished, String error) {
	}

	/**
	 * The cluster's settings in force: the master's own at start, then those the last
	 * reload read from the application on disk.
	 *
	 * @param generation the generation of workers from which they apply
	 * @param workers the number of workers ({@code cluster.workers}, resolved)
	 * @param maxWorkers {@code cluster.max-workers}, resolved
	 * @param maxStarting {@code cluster.max-starting}, resolved
	 * @param startupTimeout {@code cluster.startup-timeout}
	 * @param heartbeatTimeout {@code cluster.heartbeat.timeout}
	 * @param processKillTimeout {@code cluster.process-kill-timeout}
	 * @param reloadBatchSize {@code cluster.reload.batch-size}
	 * @param recycleMaxRequests {@code cluster.recycle.max-requests}, 0 for none
	 * @param workerJvmArgs {@code cluster.worker.jvm-args}
	 */
	public record Settings(int generation, int workers, int maxWorkers, int maxStarting, Duration startupTimeout,
			Duration heartbeatTimeout, Duration processKillTimeout, int reloadBatchSize, long recycleMaxRequests,
			List<String> workerJvmArgs) {
	}

	/**
	 * The master.
	 *
	 * @param pid its pid
	 * @param uptime how long it has run
	 * @param address the address it listens on, as {@code host:port}
	 * @param managementAddress the address of the actuator's own port, as
	 * {@code host:port}, or {@code null} when the actuator shares the server port
	 * @param socketMode how the workers share the listening socket
	 * @param tcpMigrateReq in {@code REUSE_PORT} mode, whether the kernel migrates the
	 * connections queued on a closing socket; else {@code null}
	 * @param generation the generation of the workers that serve
	 * @param stopping whether the cluster stops
	 * @param leader the pid of the cluster's leader, or {@code null}
	 * @param takingOverFrom the pid of the master this one replaces in an upgrade, until
	 * it took over from it; {@code null} once it did, or if it replaces none
	 */
	public record Master(long pid, Duration uptime, String address, String managementAddress, String socketMode,
			Boolean tcpMigrateReq,
			int generation, boolean stopping, Long leader, Long takingOverFrom) {
	}

	/**
	 * Counts of the workers.
	 *
	 * @param desired the number of slots
	 * @param ready slots with a ready worker
	 * @param running worker processes
	 * @param errored slots whose workers keep dying
	 * @param max the most workers the cluster may run
	 * @param restarts workers that exited or hung unexpectedly since the master started
	 * (only ever grows)
	 */
	public record Workers(int desired, int ready, int running, int errored, int max, long restarts) {
	}

	/**
	 * A rolling reload.
	 *
	 * @param id its id
	 * @param state its state
	 * @param phase while it runs, {@code READING_CONFIGURATION} until the settings of the
	 * application on disk are read, {@code REPLACING} until every slot has a ready worker
	 * of its generation, then {@code DRAINING} until every older worker is gone; else
	 * {@code null}
	 * @param generation the generation it rolls out
	 * @param started when it started
	 * @param finished when it ended, or {@code null}
	 * @param progress how far it got
	 * @param error why it failed, or {@code null}
	 */
	public record Reload(String id, ReloadState state, String phase, int generation, Instant started,
			Instant finished, Progress progress, String error) {
	}

	/**
	 * How far a reload got.
	 *
	 * @param replaced slots that have a ready worker of the new generation
	 * @param total slots
	 * @param draining workers of older generations still running
	 */
	public record Progress(int replaced, int total, int draining) {
	}

	/**
	 * Counts of the finished reloads.
	 *
	 * @param succeeded reloads that succeeded
	 * @param failed reloads that failed
	 * @param finished all finished reloads
	 * @param totalMillis their total duration, in milliseconds
	 */
	public record Reloads(long succeeded, long failed, long finished, long totalMillis) {
	}

	/**
	 * A slot: a place for one worker, kept by its replacements.
	 *
	 * @param slot its number
	 * @param generation the generation serving it
	 * @param state {@code OK}, or {@code ERRORED} while its workers keep dying
	 * @param restarts how often its workers exited unexpectedly
	 * @param lastExit its last unexpected exit, or {@code null}
	 * @param nextRestart when it starts its next worker, or {@code null}
	 * @param lastOutput the last lines its crash-looping worker printed (empty unless
	 * {@code ERRORED})
	 */
	public record Slot(int slot, int generation, SlotState state, int restarts, Exit lastExit, Instant nextRestart,
			List<String> lastOutput) {
	}

	/**
	 * How a worker process ended.
	 *
	 * @param code its exit code (128 + n for a signal n)
	 * @param signal the signal that ended it, or {@code null}
	 * @param at when the master saw it
	 */
	public record Exit(int code, Integer signal, Instant at) {
	}

	/**
	 * A worker process, with the figures of its last heartbeat ({@code null} before the
	 * first).
	 *
	 * @param slot its slot
	 * @param id its id, unique in the cluster's life
	 * @param pid its pid
	 * @param generation its generation
	 * @param state its state
	 * @param uptime how long it has run
	 * @param restarts how often its slot's workers exited unexpectedly
	 * @param lastExit its slot's last unexpected exit, or {@code null}
	 * @param lastHeartbeat when its last heartbeat arrived
	 * @param residentMemory its resident set size, in bytes
	 * @param heapUsed its used heap, in bytes
	 * @param cpuPercent its recent CPU use, in percent of one processor
	 * @param requestsInFlight requests it is serving
	 * @param requestsServed requests it has served
	 * @param bootCache whether it started from the boot cache and its JVM uses the
	 * cache's class archive; {@code null} until it is ready
	 * @param requestThreads its request threads; {@code null} where it runs requests on
	 * no pool of threads (Reactor Netty, virtual threads)
	 * @param debugAddress where its debugger agent listens, as {@code host:port}, or
	 * {@code null} without one ({@code cluster.worker.debug.port})
	 */
	public record Worker(int slot, long id, long pid, int generation, WorkerState state, Duration uptime,
			int restarts, Exit lastExit, Instant lastHeartbeat, Long residentMemory, Long heapUsed, Double cpuPercent,
			Long requestsInFlight, Long requestsServed, Boolean bootCache, RequestThreads requestThreads,
			String debugAddress) {
	}

	/**
	 * A worker's request threads, from its last heartbeat. A saturated worker is not
	 * hung: it beats, and is kept; a request that comes waits for a thread.
	 *
	 * @param busy the threads running a request
	 * @param max the most threads that may run requests ({@code server.tomcat.threads.max};
	 * on Jetty, {@code server.jetty.threads.max} less the selectors' and reserved threads)
	 * @param saturated whether all of them are busy
	 */
	public record RequestThreads(int busy, int max, boolean saturated) {
	}

	/**
	 * The boot cache: an extracted copy of the application's jar and a class archive
	 * that workers start from.
	 *
	 * @param state its state
	 * @param reason why it is not ready, or {@code null}
	 * @param archive the kind of class archive: {@code CDS} (JDK 17 to 24) or
	 * {@code AOT} (JDK 25 and later), or {@code null} where there is none
	 * @param directory the directory of the jar's cache, or {@code null}
	 */
	public record BootCache(BootCacheState state, String reason, String archive, String directory) {
	}

	/**
	 * The HTTP sessions the master keeps for the workers: what the store holds and what
	 * it dropped since the master started.
	 *
	 * @param count the sessions held
	 * @param bytes their total size, in bytes
	 * @param maxBytes the most the store holds before it evicts sessions, in bytes
	 * ({@code cluster.sessions.max-size})
	 * @param maxSessionBytes the largest session it keeps, in bytes
	 * ({@code cluster.sessions.max-session-size})
	 * @param evicted the sessions evicted to stay within {@code maxBytes}
	 * @param expired the sessions that expired: no request for their inactive interval
	 * @param rejected the saves refused because the session would have been larger than
	 * {@code maxSessionBytes}
	 */
	public record Sessions(long count, long bytes, long maxBytes, int maxSessionBytes, long evicted, long expired,
			long rejected) {
	}

}
