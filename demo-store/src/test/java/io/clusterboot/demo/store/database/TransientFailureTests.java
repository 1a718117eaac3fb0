package io.clusterboot.demo.store.database;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TransientFailure}: which failures are retried.
 *
 * @author ClusterBoot team
 */
class TransientFailureTests {

	/** H2's "connection is broken" as its driver reports it, translated by Spring. */
	private static final RuntimeException H2_CONNECTION_BROKEN = new DataAccessResourceFailureException(
			"could not prepare statement", new SQLNonTransientConnectionException(
					"Connection is broken: \"session closed\" [90067-240]", "90067", 90067));

	private final CommitAttempts commits = new CommitAttempts();

	private final TransientFailure transientFailure = new TransientFailure(this.commits);

	@Test
	void aConnectionThatH2LostIsRetried() {
		assertThat(shouldRetry(H2_CONNECTION_BROKEN)).isTrue();
	}

	@Test
	void aConnectionLostWithTheSqlStateOfAConnectionExceptionIsRetried() {
		// PostgreSQL: "An I/O error occurred while sending to the backend."
		assertThat(shouldRetry(new DataAccessResourceFailureException("I/O error",
				new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
	}

	@Test
	void aConflictWithAConcurrentTransactionIsRetried() {
		assertThat(shouldRetry(new ObjectOptimisticLockingFailureException("Product", 1L))).isTrue();
	}

	@Test
	void aPoolThatWaitedInVainForAConnectionIsNotRetried() {
		SQLTransientConnectionException timeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 30000ms", "08001",
				new SQLNonTransientConnectionException("Error opening database", "08000"));

		assertThat(shouldRetry(new CannotCreateTransactionException("Could not open JPA EntityManager", timeout)))
			.isFalse();
	}

	@Test
	void otherFailuresAreNotRetried() {
		assertThat(shouldRetry(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(shouldRetry(new IllegalStateException("No customer has the user name bob"))).isFalse();
	}

	@Test
	void aCallInsideAnotherTransactionLeavesTheRetryToThatOne() {
		TransactionSynchronizationManager.setActualTransactionActive(true);
		try {
			assertThat(shouldRetry(H2_CONNECTION_BROKEN)).isFalse();
		}
		finally {
			TransactionSynchronizationManager.setActualTransactionActive(false);
		}
	}

	@Test
	void aTransactionThatWritesIsNotRetriedOnceItsCommitWasAttempted() {
		this.commits.beforeBegin(writing());
		this.commits.beforeCommit(writing());

		assertThat(shouldRetry(H2_CONNECTION_BROKEN)).isFalse();
	}

	@Test
	void aReadOnlyTransactionIsRetriedEvenIfItsCommitFailed() {
		this.commits.beforeBegin(readOnly());
		this.commits.beforeCommit(readOnly());

		assertThat(shouldRetry(H2_CONNECTION_BROKEN)).isTrue();
	}

	@Test
	void aCommitAttemptedByAnEarlierTransactionCountsNoMore() {
		this.commits.beforeBegin(writing());
		this.commits.beforeCommit(writing());
		this.commits.beforeBegin(writing());

		assertThat(shouldRetry(H2_CONNECTION_BROKEN)).isTrue();
	}

	private boolean shouldRetry(Throwable failure) {
		return this.transientFailure.shouldRetry(method(), failure);
	}

	private static Method method() {
		try {
			return Object.class.getMethod("toString");
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TransactionExecution writing() {
		return new TransactionExecution() {
		};
	}

	private static TransactionExecution readOnly() {
		return new TransactionExecution() {

			@Override
			public boolean isReadOnly() {
				return true;
			}

		};
	}

}
