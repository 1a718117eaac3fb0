package io.clusterboot.demo.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Condition waits with a deadline, the only way the end-to-end tests wait for anything.
 * <p>
 * The probe runs on the calling thread, and an interrupt (a JUnit {@code @Timeout})
 * ends the wait with a {@link CancellationException}. A timeout becomes an
 * {@link AssertionError} that carries diagnostics computed at the
 * moment of failure (typically the tail of the cluster's output), because Awaitility's
 * own message only names the condition.
 *
 * @author ClusterBoot team
 */
final class Waits {

	static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private Waits() {
	}

	/**
	 * Polls {@code probe} until its value satisfies {@code done} and returns that value.
	 * @param description what is awaited, for the failure message
	 * @param timeout the deadline
	 * @param probe reads the current state
	 * @param done whether the state is the awaited one
	 * @param diagnostics appended to the failure message on timeout
	 * @param <T> the type of the state
	 * @return the first state that satisfied {@code done}
	 */
	static <T> T until(String description, Duration timeout, Callable<T> probe, Predicate<? super T> done,
			Supplier<String> diagnostics) {
		Callable<T> interruptible = () -> {
			// Awaitility ignores interrupts and would poll on until its own deadline; a
			// JUnit @Timeout interrupts the test thread and must end the wait at once.
			if (Thread.currentThread().isInterrupted()) {
				throw new CancellationException("Interrupted while waiting for " + description);
			}
			return probe.call();
		};
		try {
			return Awaitility.await(description)
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(POLL_INTERVAL)
				.pollInSameThread()
				.until(interruptible, done::test);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + description
					+ lastState(probe) + diagnostics.get(), ex);
		}
	}

	/**
	 * Polls {@code condition} until it is true.
	 * @param description what is awaited, for the failure message
	 * @param timeout the deadline
	 * @param condition the condition
	 * @param diagnostics appended to the failure message on timeout
	 */
	static void until(String description, Duration timeout, Callable<Boolean> condition,
			Supplier<String> diagnostics) {
		until(description, timeout, condition, Boolean.TRUE::equals, diagnostics);
	}

	private static String lastState(Callable<?> probe) {
		try {
			return " (last state: " + probe.call() + ")";
		}
		catch (Exception ex) {
			return " (last state unavailable: " + ex + ")";
		}
	}

}
