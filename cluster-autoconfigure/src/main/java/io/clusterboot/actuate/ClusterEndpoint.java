package io.clusterboot.actuate;

import java.time.Duration;
import java.util.Map;

import io.clusterboot.ipc.ControlMessage;
import io.clusterboot.worker.WorkerControl;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows the cluster and starts rolling reloads. Any
 * worker serves it; the answers come from the master over the control channel.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	/**
	 * The action that starts a rolling reload.
	 */
	public static final String RELOAD = "reload";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WorkerControl control;

	/**
	 * Creates a new endpoint.
	 * @param control the worker's control channel
	 */
	public ClusterEndpoint(WorkerControl control) {
		this.control = control;
	}

	/**
	 * Returns the cluster's status: the master, the workers and the current or last
	 * reload.
	 * @return the status
	 */
	@ReadOperation
	public Map<String, Object> cluster() {
		return this.control.request(ControlMessage.STATUS, TIMEOUT);
	}

	/**
	 * Performs an action on the cluster. {@code reload} starts a rolling reload, or joins
	 * the one running, and describes it.
	 * @param action the action
	 * @return the outcome
	 */
	@WriteOperation
	public Map<String, Object> perform(@Selector String action) {
		if (!RELOAD.equals(action)) {
			throw new InvalidEndpointRequestException(
					"Unknown cluster action '" + action + "'; the supported action is '" + RELOAD + "'",
					"Unknown cluster action");
		}
		return this.control.request(ControlMessage.RELOAD, TIMEOUT);
	}

}
