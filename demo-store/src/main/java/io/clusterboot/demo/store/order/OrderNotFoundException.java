package io.clusterboot.demo.store.order;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Thrown when no order has the requested id.
 *
 * @author ClusterBoot team
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class OrderNotFoundException extends RuntimeException {

	public OrderNotFoundException(long id) {
		super("No order " + id);
	}

}
