package io.clusterboot.internal.cache;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Runs what tells the other workers of a change once the current transaction commits,
 * or at once outside one. A {@code @CacheEvict} inside a {@code @Transactional} method
 * runs before the commit: told then, another worker could load the old value again from
 * the database before the commit and keep it; told after, it loads the new one. Nothing
 * is told if the transaction rolls back: the others' entries still hold what the
 * database holds.
 *
 * @author ClusterBoot team
 */
final class AfterCommit {

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			AfterCommit.class.getClassLoader());

	private AfterCommit() {
	}

	/**
	 * Runs an action after the current transaction commits, or at once outside one.
	 * @param action the action
	 */
	static void run(Runnable action) {
		if (!TRANSACTIONS_PRESENT || !Synchronizations.register(action)) {
			action.run();
		}
	}

	/**
	 * Spring's transaction synchronizations, loaded only where spring-tx is.
	 */
	private static final class Synchronizations {

		private static boolean register(Runnable action) {
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				return false;
			}
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					action.run();
				}

			});
			return true;
		}

	}

}
