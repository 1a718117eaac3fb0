package io.clusterboot.demo.store.database;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.resilience.retry.MethodRetryPredicate;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Which failures {@link RetryOnTransientFailure} retries: those of a transaction that was
 * rolled back and that another attempt will not meet again.
 * <ul>
 * <li>A lost connection, as JDBC says it: a {@link SQLNonTransientConnectionException}
 * (H2's "connection is broken", 90067, and "database is already closed", 90121), a
 * {@link SQLRecoverableException}, or an SQL state of class 08 (PostgreSQL's). Not the
 * pool's {@link SQLTransientConnectionException}: Hikari has already waited its whole
 * connection timeout for a connection.</li>
 * <li>A conflict with a concurrent transaction ({@link ConcurrencyFailureException}: two
 * checkouts that took the same product's stock, which has a version).</li>
 * </ul>
 * Only when the failed call was the outermost transaction, now rolled back: inside another
 * transaction, the retry is that one's. And never after a transaction that writes got as
 * far as its commit ({@link CommitAttempts}): a connection lost during the commit leaves
 * the outcome unknown, and a checkout run again could order twice. Before the commit, the
 * database rolls back the work of a connection that it lost, so nothing of a failed
 * attempt stays: a retried checkout orders once. {@code OrderService} flushes its writes
 * before it returns so that only the commit itself is left to that rule.
 *
 * @author ClusterBoot team
 */
class TransientFailure implements MethodRetryPredicate {

	private static final Logger logger = LoggerFactory.getLogger(TransientFailure.class);

	/** The SQL state class of connection exceptions (SQL:2011, part 2, 24.1). */
	private static final String CONNECTION_EXCEPTION = "08";

	private final CommitAttempts commits;

	TransientFailure(CommitAttempts commits) {
		this.commits = commits;
	}

	@Override
	public boolean shouldRetry(Method method, Throwable failure) {
		if (!isLostConnection(failure) && !(failure instanceof ConcurrencyFailureException)) {
			return false;
		}
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return false;
		}
		String call = ClassUtils.getQualifiedMethodName(method);
		if (this.commits.commitAttempted()) {
			logger.warn("Not retrying {}: it failed while committing, so it may have committed: {}", call,
					failure.toString());
			return false;
		}
		logger.info("Retrying {} in a new transaction: {}", call, failure.toString());
		return true;
	}

	private static boolean isLostConnection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException) {
				return false;
			}
			if (cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
					|| (cause instanceof SQLException sql && sql.getSQLState() != null
							&& sql.getSQLState().startsWith(CONNECTION_EXCEPTION))) {
				return true;
			}
		}
		return false;
	}

}
