package io.clusterboot.actuate;

import java.time.Duration;
import java.util.Map;

import io.clusterboot.ipc.ControlMessage;
import io.clusterboot.worker.WorkerControl;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the whole cluster, from the master's view: DOWN when no worker is ready, UP
 * otherwise, with how many workers are missing ("degraded") or crash-looping ("errored")
 * and how the last reload went.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public class ClusterHealthIndicator extends AbstractHealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final WorkerControl control;

	/**
	 * Creates a new indicator.
	 * @param control the worker's control channel
	 */
	public ClusterHealthIndicator(WorkerControl control) {
		super("Cluster health check failed");
		this.control = control;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Object> status = this.control.request(ControlMessage.STATUS, TIMEOUT);
		Map<?, ?> workers = (Map<?, ?>) status.get("workers");
		long desired = number(workers.get("desired"));
		long ready = number(workers.get("ready"));
		builder.status((ready > 0) ? "UP" : "DOWN")
			.withDetail("desired", desired)
			.withDetail("ready", ready)
			.withDetail("degraded", Math.max(0, desired - ready))
			.withDetail("errored", number(workers.get("errored")));
		if (status.get("reload") instanceof Map<?, ?> reload) {
			builder.withDetail("lastReload", Map.of("id", reload.get("id"), "state", reload.get("state")));
		}
	}

	private static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}
