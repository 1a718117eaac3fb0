package io.clusterboot.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The cluster's meters, in every worker's registry, read from the master's status:
 * <ul>
 * <li>{@code cluster.workers} (gauge, tag {@code state}: desired, ready, running,
 * errored)</li>
 * <li>{@code cluster.worker.restarts} (counter): restarts of crashed or hung workers</li>
 * <li>{@code cluster.reloads} (counter, tag {@code outcome}: succeeded, failed)</li>
 * <li>{@code cluster.reload.duration} (timer): time of the finished reloads</li>
 * <li>{@code cluster.worker.requests.in-flight} (gauge, tags {@code slot} and
 * {@code pid}): requests in flight in each worker, as of its last heartbeat, updated
 * with each status</li>
 * </ul>
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class ClusterMeterBinder implements MeterBinder {

	private static final List<String> WORKER_STATES = List.of("desired", "ready", "running", "errored");

	private final ClusterStatusCache status;

	/**
	 * Creates a new binder.
	 * @param status the master's status
	 */
	public ClusterMeterBinder(ClusterStatusCache status) {
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String state : WORKER_STATES) {
			Gauge.builder("cluster.workers", this.status, (cache) -> number(map(cache.get(), "workers"), state))
				.tag("state", state)
				.description("Workers of the cluster, by state")
				.register(registry);
		}
		FunctionCounter.builder("cluster.worker.restarts", this.status, (cache) -> sum(cache, "restarts"))
			.description("Restarts of workers that crashed or hung")
			.register(registry);
		for (String outcome : List.of("succeeded", "failed")) {
			FunctionCounter.builder("cluster.reloads", this.status, (cache) -> number(reloads(cache), outcome))
				.tag("outcome", outcome)
				.description("Rolling reloads, by outcome")
				.register(registry);
		}
		FunctionTimer
			.builder("cluster.reload.duration", this.status, (cache) -> (long) number(reloads(cache), "finished"),
					(cache) -> number(reloads(cache), "totalMillis"), TimeUnit.MILLISECONDS)
			.description("Duration of the finished rolling reloads")
			.register(registry);
		MultiGauge inFlight = MultiGauge.builder("cluster.worker.requests.in-flight")
			.description("Requests in flight in each worker, as of its last heartbeat")
			.register(registry);
		// one gauge per worker, and workers come and go: the rows follow each new status
		this.status.onRefresh((status) -> inFlight.register(list(status, "processes").stream()
			.map((process) -> MultiGauge.Row.of(Tags.of("slot", String.valueOf(process.get("slot")), "pid",
					String.valueOf(process.get("pid"))), number(process, "requestsInFlight")))
			.toList(), true));
	}

	private double sum(ClusterStatusCache cache, String key) {
		return list(cache.get(), "slots").stream().mapToDouble((slot) -> number(slot, key)).sum();
	}

	private static Map<?, ?> reloads(ClusterStatusCache cache) {
		return map(cache.get(), "reloads");
	}

	private static Map<?, ?> map(Map<?, ?> map, String key) {
		return (map.get(key) instanceof Map<?, ?> value) ? value : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<?, ?>> list(Map<?, ?> map, String key) {
		return (map.get(key) instanceof List<?> value) ? (List<Map<?, ?>>) value : List.of();
	}

	private static double number(Map<?, ?> map, String key) {
		return (map.get(key) instanceof Number number) ? number.doubleValue() : 0;
	}

}
