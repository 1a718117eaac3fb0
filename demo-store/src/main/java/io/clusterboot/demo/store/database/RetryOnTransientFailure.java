package io.clusterboot.demo.store.database;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.resilience.annotation.Retryable;

/**
 * Runs a failed call of the annotated service again, in a new transaction on a new
 * connection, when it failed for a reason that the next attempt will not meet: see
 * {@link TransientFailure} for which failures, and why a retried checkout cannot order
 * twice. Spring Framework's {@link Retryable} does the retrying (enabled by
 * {@code @EnableResilientMethods}), outside the service's transaction.
 * <p>
 * Why: every worker of the cluster shares the store's H2 file through the worker that
 * opened it first ({@code AUTO_SERVER}). When that worker retires in a rolling reload, or
 * dies, another takes the file over, and every transaction that was running against the
 * old one at that moment fails with a broken connection (H2's error 90067, or 90121 in
 * the retiring worker itself): without a retry, a customer got an error page during a
 * reload. PostgreSQL (the {@code postgres} profile) has no such hand-over, but a restart
 * or a fail-over of the database breaks connections the same way.
 * <p>
 * Put it on services whose public methods are the application's transactions: a call
 * made inside another transaction leaves the retry to that one. Five attempts, 100 ms
 * apart and then twice as long each time (up to a second), with up to 50 ms of jitter:
 * once the failed transaction has been rolled back, each attempt borrows a connection
 * from Hikari, which waits for the worker that took the file over.
 *
 * @author ClusterBoot team
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Retryable(predicate = TransientFailure.class, maxRetries = 4, delay = 100, multiplier = 2, maxDelay = 1000,
		jitter = 50)
public @interface RetryOnTransientFailure {

}
