package io.clusterboot.internal.master;

import java.time.Duration;
import java.util.List;

import io.clusterboot.status.ClusterStatus;

/**
 * The settings the master's rules follow, resolved once from {@code cluster.*} by the
 * auto-configuration's side: when the master starts, and each time a reload reads the
 * configuration of the application on disk, whose JVM writes them for the master as JSON
 * ({@link ClusterConfiguration}). Counts that
 * may be {@code auto} are resolved here, against the processors available then, so
 * that the {@link Supervisor} decides on one set of numbers, not on the binding of
 * {@code cluster.*}, which would resolve them again at every event.
 *
 * @param workers {@code cluster.workers}, resolved
 * @param maxWorkers {@code cluster.max-workers}, resolved
 * @param maxStarting {@code cluster.max-starting}, resolved
 * @param startupTimeout {@code cluster.startup-timeout}
 * @param heartbeatTimeout {@code cluster.heartbeat.timeout}
 * @param processKillTimeout {@code cluster.process-kill-timeout}
 * @param reloadBatchSize {@code cluster.reload.batch-size}
 * @param recycle {@code cluster.recycle.*}
 * @param restart {@code cluster.restart.*}
 * @param debug {@code cluster.worker.debug.*}
 * @param workerJvmArgs {@code cluster.worker.jvm-args}
 * @author ClusterBoot team
 */
public record MasterSettings(int workers, int maxWorkers, int maxStarting, Duration startupTimeout,
		Duration heartbeatTimeout, Duration processKillTimeout, int reloadBatchSize, Recycle recycle, Restart restart,
		Debug debug, List<String> workerJvmArgs) {

	public MasterSettings {
		workerJvmArgs = List.copyOf(workerJvmArgs);
	}

	/**
	 * Describes the settings for the cluster's status.
	 * @param generation the generation from which they apply
	 * @return the description
	 */
	ClusterStatus.Settings describe(int generation) {
		return new ClusterStatus.Settings(generation, this.workers, this.maxWorkers, this.maxStarting,
				this.startupTimeout, this.heartbeatTimeout, this.processKillTimeout, this.reloadBatchSize,
				this.recycle.maxRequests(), this.workerJvmArgs);
	}

	/**
	 * When a worker has served its time.
	 *
	 * @param maxRequests the requests after which it is recycled, or 0 for no limit
	 * @param maxRequestsJitter the most requests added at random to each worker's limit
	 * @param maxMemory the resident memory in bytes above which it is recycled, or
	 * {@code null}
	 */
	public record Recycle(long maxRequests, long maxRequestsJitter, Long maxMemory) {
	}

	/**
	 * How soon the worker of a slot is restarted after it exited: see
	 * {@link RestartBackoff}.
	 *
	 * @param initialDelay the delay after the first quick exit
	 * @param maxDelay the longest delay
	 * @param minUptime the uptime below which an exit is a quick one
	 */
	public record Restart(Duration initialDelay, Duration maxDelay, Duration minUptime) {
	}

	/**
	 * The debugger agents of the workers: see {@link DebugAddress}.
	 *
	 * @param port the port of worker 1's agent, or {@code null} for none
	 * @param address the address the agents listen on
	 */
	public record Debug(Integer port, String address) {
	}

}
