package io.clusterboot.actuate;

import java.time.Duration;
import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.worker.MasterUnavailableException;
import io.clusterboot.internal.worker.WorkerControl;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows the cluster, starts rolling reloads and sets the
 * number of workers. Any worker serves it; the answers come from the master over the
 * control channel.
 * <p>
 * Actions are paths, so that a bare {@code POST} does: {@code /actuator/cluster/reload},
 * {@code /actuator/cluster/scale/4}.
 * <p>
 * Only the status is accessible by default, for the reason that Spring Boot's own
 * {@code shutdown} endpoint is not accessible at all: exposing every endpoint
 * ({@code management.endpoints.web.exposure.include=*}, as many applications do) must
 * never let a client change the cluster. The actions need
 * {@code management.endpoint.cluster.access=unrestricted}.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@Endpoint(id = "cluster", defaultAccess = Access.READ_ONLY)
public class ClusterEndpoint {

	/**
	 * The action that starts a rolling reload.
	 */
	public static final String RELOAD = "reload";

	/**
	 * The action that sets the number of workers, followed by the number.
	 */
	public static final String SCALE = "scale";

	/**
	 * How long the status may take: the master answers from its event loop, which never
	 * blocks, so a longer wait would only hide a master in trouble.
	 */
	private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(10);

	private final WorkerControl control;

	/**
	 * Creates a new endpoint.
	 * @param control the worker's control channel
	 */
	public ClusterEndpoint(WorkerControl control) {
		this.control = control;
	}

	/**
	 * Returns the cluster's status: the master, the workers, their slots and the current
	 * or last reload.
	 * @return the status
	 * @throws MasterUnavailableException if the master does not answer in time
	 */
	@ReadOperation
	public Map<String, Object> cluster() {
		return this.control.request(ControlMessage.STATUS, STATUS_TIMEOUT);
	}

	/**
	 * Performs an action on the cluster. {@code reload} starts a rolling reload, or joins
	 * the one running, and describes it. {@code scale/N} sets the number of workers to N:
	 * new workers start, removed ones drain.
	 * @param action the action and its argument
	 * @return the outcome
	 * @throws InvalidEndpointRequestException for an unknown action or a bad argument
	 * @throws MasterUnavailableException if the master does not answer in time
	 */
	@WriteOperation
	public Map<String, Object> perform(@Selector(match = Match.ALL_REMAINING) String... action) {
		if (action.length == 1 && RELOAD.equals(action[0])) {
			return this.control.request(ControlMessage.RELOAD, ACTION_TIMEOUT);
		}
		if (action.length == 2 && SCALE.equals(action[0])) {
			return this.control.request(ControlMessage.of(ControlMessage.SCALE, "workers", workers(action[1])),
					ACTION_TIMEOUT);
		}
		throw new InvalidEndpointRequestException("Unknown cluster action '" + String.join("/", action)
				+ "'; the actions are '" + RELOAD + "' and '" + SCALE + "/<number of workers>'",
				"Unknown cluster action");
	}

	private static int workers(String value) {
		try {
			int workers = Integer.parseInt(value);
			if (workers >= 1) {
				return workers;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidEndpointRequestException(
				"The number of workers must be a whole number of at least 1; got '" + value + "'",
				"Invalid number of workers");
	}

}
