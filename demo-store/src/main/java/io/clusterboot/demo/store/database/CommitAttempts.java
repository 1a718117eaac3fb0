package io.clusterboot.demo.store.database;

import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Knows, for the current thread, whether its latest transaction that writes got as far as
 * its commit. A connection lost during a commit leaves its outcome unknown: the database
 * may have committed and lost the connection before it answered. Spring Boot registers
 * this listener with the application's transaction manager.
 *
 * @author ClusterBoot team
 */
@Component
class CommitAttempts implements TransactionExecutionListener {

	private final ThreadLocal<Boolean> committing = new ThreadLocal<>();

	@Override
	public void beforeBegin(TransactionExecution transaction) {
		this.committing.remove();
	}

	@Override
	public void beforeCommit(TransactionExecution transaction) {
		if (!transaction.isReadOnly()) {
			this.committing.set(Boolean.TRUE);
		}
	}

	/**
	 * Whether the latest transaction of this thread that writes was committing, or has
	 * committed.
	 * @return {@code true} if its commit was attempted
	 */
	boolean commitAttempted() {
		return Boolean.TRUE.equals(this.committing.get());
	}

}
