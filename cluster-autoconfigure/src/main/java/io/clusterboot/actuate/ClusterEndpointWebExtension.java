package io.clusterboot.actuate;

import java.util.Map;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.worker.MasterUnavailableException;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link ClusterEndpoint}. A reload or scaling answers
 * {@code 202 Accepted}, since it goes on after the response; {@code 400} with the reason
 * in the body for a bad request, which Spring Boot's error responses leave out by
 * default, including one the master rejects (more workers than
 * {@code cluster.max-workers}); {@code 503} with the reason when the master refuses it
 * (the cluster stops) or does not answer in time, which the status can get too.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ClusterEndpoint.class)
public class ClusterEndpointWebExtension {

	private static final int STATUS_ACCEPTED = 202;

	private final ClusterEndpoint delegate;

	/**
	 * Creates a new extension.
	 * @param delegate the endpoint
	 */
	public ClusterEndpointWebExtension(ClusterEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Returns the cluster's status.
	 * @return the status, or 503 with the reason if the master does not answer in time
	 */
	@ReadOperation
	public WebEndpointResponse<Map<String, Object>> cluster() {
		try {
			return new WebEndpointResponse<>(this.delegate.cluster());
		}
		catch (MasterUnavailableException ex) {
			return error(ex.getMessage(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
	}

	/**
	 * Performs an action on the cluster.
	 * @param action the action and its argument
	 * @return the outcome, with status 202, 400 for a bad request, or 503 if refused
	 */
	@WriteOperation
	public WebEndpointResponse<Map<String, Object>> perform(@Selector(match = Match.ALL_REMAINING) String... action) {
		Map<String, Object> outcome;
		try {
			outcome = this.delegate.perform(action);
		}
		catch (InvalidEndpointRequestException ex) {
			return error(ex.getMessage(), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (MasterUnavailableException ex) {
			return error(ex.getMessage(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		if (outcome.get(ControlMessage.REJECTED) instanceof String reason) {
			return error(reason, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		if (outcome.get(ControlMessage.REFUSED) instanceof String reason) {
			return error(reason, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		return new WebEndpointResponse<>(outcome, STATUS_ACCEPTED);
	}

	private static WebEndpointResponse<Map<String, Object>> error(String reason, int status) {
		return new WebEndpointResponse<>(Map.of("error", reason), status);
	}

}
