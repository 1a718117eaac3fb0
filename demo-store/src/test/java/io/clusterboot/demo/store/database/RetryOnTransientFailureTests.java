package io.clusterboot.demo.store.database;

import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RetryOnTransientFailure} on a transactional service: each attempt runs
 * in a transaction of its own, and a failure while committing is not retried.
 *
 * @author ClusterBoot team
 */
class RetryOnTransientFailureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Services.class);

	@Test
	void aTransactionThatLostItsConnectionIsRolledBackAndRunAgainInANewOne() {
		this.contextRunner.run((context) -> {
			Checkout checkout = context.getBean(Checkout.class);
			Attempts attempts = context.getBean(Attempts.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			attempts.failures.add(connectionBroken());

			assertThat(checkout.place()).isEqualTo("order 2");
			assertThat(transactions.events).containsExactly("begin", "rollback", "begin", "commit");
		});
	}

	@Test
	void aTransactionThatWritesIsNotRunAgainWhenItsCommitFailed() {
		this.contextRunner.run((context) -> {
			Checkout checkout = context.getBean(Checkout.class);
			Attempts attempts = context.getBean(Attempts.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			transactions.commitFailures.add(connectionBroken());

			assertThatExceptionOfType(DataAccessResourceFailureException.class).isThrownBy(checkout::place);
			assertThat(attempts.count).isOne();
		});
	}

	@Test
	void aReadOnlyTransactionIsRunAgainWhenItsCommitFailed() {
		this.contextRunner.run((context) -> {
			Checkout checkout = context.getBean(Checkout.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			transactions.commitFailures.add(connectionBroken());

			assertThat(checkout.show()).isEqualTo("cart 2");
		});
	}

	@Test
	void aCallInsideAnotherTransactionIsRunAgainWithThatWholeTransaction() {
		this.contextRunner.run((context) -> {
			Attempts attempts = context.getBean(Attempts.class);
			Cart cart = context.getBean(Cart.class);
			RecordingTransactionManager transactions = context.getBean(RecordingTransactionManager.class);
			attempts.failures.add(connectionBroken());

			assertThat(cart.checkOut()).isEqualTo("order 2");
			assertThat(transactions.events).containsExactly("begin", "rollback", "begin", "commit");
		});
	}

	private static RuntimeException connectionBroken() {
		return new DataAccessResourceFailureException("could not execute statement",
				new SQLNonTransientConnectionException("Connection is broken: \"session closed\"", "90067", 90067));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableResilientMethods
	@EnableTransactionManagement
	static class Services {

		@Bean
		RecordingTransactionManager transactionManager(CommitAttempts commitAttempts) {
			RecordingTransactionManager transactions = new RecordingTransactionManager();
			transactions.addListener(commitAttempts);
			return transactions;
		}

		@Bean
		CommitAttempts commitAttempts() {
			return new CommitAttempts();
		}

		@Bean
		Attempts attempts() {
			return new Attempts();
		}

		@Bean
		Checkout checkout(Attempts attempts) {
			return new Checkout(attempts);
		}

		@Bean
		Cart cart(Checkout checkout) {
			return new Cart(checkout);
		}

	}

	/**
	 * What the calls of {@link Checkout} do: fail as told, and count.
	 */
	static class Attempts {

		final Deque<RuntimeException> failures = new ArrayDeque<>();

		int count;

		String next(String result) {
			this.count++;
			RuntimeException failure = this.failures.poll();
			if (failure != null) {
				throw failure;
			}
			return result + " " + this.count;
		}

	}

	@RetryOnTransientFailure
	@Transactional
	static class Checkout {

		private final Attempts attempts;

		Checkout(Attempts attempts) {
			this.attempts = attempts;
		}

		String place() {
			return this.attempts.next("order");
		}

		@Transactional(readOnly = true)
		String show() {
			return this.attempts.next("cart");
		}

	}

	@RetryOnTransientFailure
	@Transactional
	static class Cart {

		private final Checkout checkout;

		Cart(Checkout checkout) {
			this.checkout = checkout;
		}

		String checkOut() {
			return this.checkout.place();
		}

	}

	/**
	 * A transaction manager that records what it does, and whose commits fail on demand.
	 */
	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		final List<String> events = new ArrayList<>();

		final Deque<RuntimeException> commitFailures = new ArrayDeque<>();

		private final ThreadLocal<Boolean> active = new ThreadLocal<>();

		@Override
		protected Object doGetTransaction() {
			return Boolean.TRUE.equals(this.active.get());
		}

		@Override
		protected boolean isExistingTransaction(Object transaction) {
			return (Boolean) transaction;
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.active.set(true);
			this.events.add("begin");
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.events.add("commit");
			RuntimeException failure = this.commitFailures.poll();
			if (failure != null) {
				throw failure;
			}
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.events.add("rollback");
		}

		@Override
		protected void doSetRollbackOnly(DefaultTransactionStatus status) {
			// participating calls: the outermost transaction rolls back
		}

		@Override
		protected void doCleanupAfterCompletion(Object transaction) {
			this.active.remove();
		}

	}

}
