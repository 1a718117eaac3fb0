package io.clusterboot.demo.store.api;

import io.clusterboot.demo.store.catalog.InsufficientStockException;
import io.clusterboot.demo.store.catalog.ProductNotFoundException;
import io.clusterboot.demo.store.order.OrderNotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers the JSON API's errors with RFC 9457 problem details.
 *
 * @author ClusterBoot team
 */
@RestControllerAdvice(assignableTypes = StoreApiController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler({ ProductNotFoundException.class, OrderNotFoundException.class })
	ProblemDetail notFound(RuntimeException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail insufficientStock(InsufficientStockException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setProperty("productId", ex.getProductId());
		problem.setProperty("available", ex.getAvailable());
		return problem;
	}

}
