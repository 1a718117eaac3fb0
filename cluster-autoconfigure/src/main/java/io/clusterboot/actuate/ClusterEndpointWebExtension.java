package io.clusterboot.actuate;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link ClusterEndpoint}. A reload or scaling answers
 * {@code 202 Accepted}, since it goes on after the response, or {@code 503} when the
 * master refuses it (the cluster stops). A bad request answers 400 with the reason in
 * the body, which Spring Boot's error responses leave out by default.
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
	 * @return the status
	 */
	@ReadOperation
	public Map<String, Object> cluster() {
		return this.delegate.cluster();
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
			return new WebEndpointResponse<>(Map.of("error", ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		int status = outcome.containsKey("refused") ? WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE
				: STATUS_ACCEPTED;
		return new WebEndpointResponse<>(outcome, status);
	}

}
