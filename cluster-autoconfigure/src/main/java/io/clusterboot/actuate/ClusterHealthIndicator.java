package io.clusterboot.actuate;

import java.time.Duration;
import java.util.Map;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.internal.worker.MasterUnavailableException;
import io.clusterboot.internal.worker.WorkerControl;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the whole cluster, from the master's view: DOWN when no worker is ready, UP
 * otherwise, with how many workers are missing ("degraded"), crash-looping ("errored")
 * or have every request thread busy ("saturated") and how the last reload went; UNKNOWN,
 * with the reason, when the master does not answer in time, which does not make the
 * application's health DOWN. Saturated workers are slow, not broken: a probe that took
 * them for DOWN would restart the pod in a brownout and make it an outage.
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
		ClusterStatus status;
		try {
			status = this.control.status(TIMEOUT);
		}
		catch (MasterUnavailableException ex) {
			// this worker serves; whether the cluster does is not known
			builder.unknown().withDetail("error", ex.getMessage());
			return;
		}
		ClusterStatus.Workers workers = status.workers();
		builder.status((workers.ready() > 0) ? "UP" : "DOWN")
			.withDetail("desired", workers.desired())
			.withDetail("ready", workers.ready())
			.withDetail("degraded", Math.max(0, workers.desired() - workers.ready()))
			.withDetail("errored", workers.errored())
			.withDetail("saturated", status.saturatedWorkers());
		if (status.reload() != null) {
			builder.withDetail("lastReload", Map.of("id", status.reload().id(), "state", status.reload().state()));
		}
	}

}
