package io.clusterboot.internal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.clusterboot.leader.LeadershipEvent;
import io.clusterboot.leader.LeadershipGrantedEvent;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.internal.worker.WorkerConnectors;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationListener;

/**
 * The cluster's meters, made to add up across a cluster's workers, which a metrics
 * backend sees as separate instances.
 * <p>
 * Per worker, in every worker's registry, read from its own web server:
 * <ul>
 * <li>{@code cluster.worker.requests.in-flight} (gauge): requests in flight in this
 * worker</li>
 * </ul>
 * Per cluster, in the registry of the cluster's leader only, so that a sum over the
 * workers counts each once, read from the master's status:
 * <ul>
 * <li>{@code cluster.workers} (gauge, tag {@code state}: desired, ready, running,
 * errored, saturated: every request thread busy, as the last heartbeat said)</li>
 * <li>{@code cluster.worker.restarts} (counter): workers that exited or hung
 * unexpectedly since the master started; it only grows</li>
 * <li>{@code cluster.reloads} (counter, tag {@code outcome}: succeeded, failed)</li>
 * <li>{@code cluster.reload.duration} (timer): time of the finished reloads</li>
 * </ul>
 * The per-cluster meters move with the leadership: they are added when this worker
 * becomes the leader and removed when it gives the leadership up. Unlike the others, they
 * carry no {@code worker} tag ({@link WorkerTagFilter}): they are the cluster's, one
 * series whichever worker leads.
 *
 * @author ClusterBoot team
 */
public class ClusterMeterBinder implements MeterBinder, ApplicationListener<LeadershipEvent> {

	/**
	 * The names of the per-cluster meters.
	 */
	public static final Set<String> CLUSTER_METERS = Set.of("cluster.workers", "cluster.worker.restarts",
			"cluster.reloads", "cluster.reload.duration", "cluster.sessions", "cluster.sessions.size",
			"cluster.sessions.removed");

	private static final List<String> WORKER_STATES = List.of("desired", "ready", "running", "errored", "saturated");

	private final ClusterStatusCache status;

	private final List<WorkerConnectors> connectors;

	private final List<Meter> clusterMeters = new ArrayList<>();

	private MeterRegistry registry;

	private boolean leader;

	/**
	 * Creates a new binder.
	 * @param status the master's status
	 * @param connectors this worker's web server connectors
	 */
	public ClusterMeterBinder(ClusterStatusCache status, List<WorkerConnectors> connectors) {
		this.status = status;
		this.connectors = connectors;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.registry = registry;
		Gauge.builder("cluster.worker.requests.in-flight", this.connectors,
				(connectors) -> connectors.stream().mapToLong(WorkerConnectors::busyConnections).sum())
			.description("Requests in flight in this worker")
			.register(registry);
		if (this.leader) {
			registerClusterMeters();
		}
	}

	@Override
	public synchronized void onApplicationEvent(LeadershipEvent event) {
		this.leader = event instanceof LeadershipGrantedEvent;
		if (this.registry == null) {
			return;
		}
		if (this.leader && this.clusterMeters.isEmpty()) {
			registerClusterMeters();
		}
		else if (!this.leader) {
			this.clusterMeters.forEach(this.registry::remove);
			this.clusterMeters.clear();
		}
	}

	private void registerClusterMeters() {
		for (String state : WORKER_STATES) {
			this.clusterMeters.add(Gauge.builder("cluster.workers", this.status, workers(state))
				.tag("state", state)
				.description("Workers of the cluster, by state")
				.register(this.registry));
		}
		this.clusterMeters.add(FunctionCounter
			.builder("cluster.worker.restarts", this.status, figure((status) -> status.workers().restarts()))
			.description("Workers of the cluster that exited or hung unexpectedly")
			.register(this.registry));
		this.clusterMeters.add(FunctionCounter
			.builder("cluster.reloads", this.status, figure((status) -> status.reloads().succeeded()))
			.tag("outcome", "succeeded")
			.description("Rolling reloads, by outcome")
			.register(this.registry));
		this.clusterMeters.add(FunctionCounter
			.builder("cluster.reloads", this.status, figure((status) -> status.reloads().failed()))
			.tag("outcome", "failed")
			.description("Rolling reloads, by outcome")
			.register(this.registry));
		this.clusterMeters.add(FunctionTimer
			.builder("cluster.reload.duration", this.status, count((status) -> status.reloads().finished()),
					figure((status) -> status.reloads().totalMillis()), TimeUnit.MILLISECONDS)
			.description("Duration of the finished rolling reloads")
			.register(this.registry));
		this.clusterMeters.add(Gauge.builder("cluster.sessions", this.status, sessions(ClusterStatus.Sessions::count))
			.description("HTTP sessions the master keeps for the workers")
			.register(this.registry));
		this.clusterMeters
			.add(Gauge.builder("cluster.sessions.size", this.status, sessions(ClusterStatus.Sessions::bytes))
				.baseUnit("bytes")
				.description("Memory the master's HTTP sessions take")
				.register(this.registry));
		for (String cause : List.of("evicted", "expired", "rejected")) {
			this.clusterMeters.add(FunctionCounter
				.builder("cluster.sessions.removed", this.status, sessions((sessions) -> switch (cause) {
					case "evicted" -> sessions.evicted();
					case "expired" -> sessions.expired();
					default -> sessions.rejected();
				}))
				.tag("cause", cause)
				.description("HTTP sessions the master evicted (store full) or expired, and saves it refused "
						+ "(session too large)")
				.register(this.registry));
		}
	}

	/**
	 * Returns a figure of the master's session store, not a number where the master
	 * keeps no sessions.
	 */
	private static ToDoubleFunction<ClusterStatusCache> sessions(ToLongFunction<ClusterStatus.Sessions> figure) {
		return (cache) -> {
			ClusterStatus status = cache.get();
			return (status != null && status.sessions() != null) ? figure.applyAsLong(status.sessions())
					: Double.NaN;
		};
	}

	private static ToDoubleFunction<ClusterStatusCache> workers(String state) {
		return figure((status) -> switch (state) {
			case "desired" -> status.workers().desired();
			case "ready" -> status.workers().ready();
			case "running" -> status.workers().running();
			case "errored" -> status.workers().errored();
			default -> status.saturatedWorkers();
		});
	}

	private static ToDoubleFunction<ClusterStatusCache> figure(ToLongFunction<ClusterStatus> figure) {
		return (cache) -> {
			ClusterStatus status = cache.get();
			return (status != null) ? figure.applyAsLong(status) : Double.NaN;
		};
	}

	private static ToLongFunction<ClusterStatusCache> count(ToLongFunction<ClusterStatus> count) {
		return (cache) -> {
			ClusterStatus status = cache.get();
			return (status != null) ? count.applyAsLong(status) : 0;
		};
	}

}
