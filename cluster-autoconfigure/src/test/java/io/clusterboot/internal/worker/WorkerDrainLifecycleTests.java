package io.clusterboot.internal.worker;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ApplicationEventPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link WorkerDrainLifecycle}, with connectors whose counts change from one look
 * of the drain to the next.
 *
 * @author ClusterBoot team
 */
@Timeout(20)
class WorkerDrainLifecycleTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final WorkerControl control = mock(WorkerControl.class);

	@Test
	void drainShouldLeaveAnIdleConnectionOnceNothingWasBusyForTheGrace() {
		Connectors connectors = new Connectors(Integer.MAX_VALUE, false);
		drain(connectors);
		assertThat(connectors.stoppedAccepting).isTrue();
		assertThat(connectors.looks.get()).as("looks before giving the idle connection up")
			.isLessThan(lookCount(WorkerDrainLifecycle.IDLE_GRACE.multipliedBy(5)));
		verify(this.control).draining();
	}

	@Test
	void drainShouldWaitForAConnectionThatHasNotBegunItsFirstRequest() {
		int looks = lookCount(WorkerDrainLifecycle.IDLE_GRACE.multipliedBy(2));
		Connectors connectors = new Connectors(looks, true);
		drain(connectors);
		assertThat(connectors.looks.get()).as("looks until the connection was closed").isGreaterThan(looks);
	}

	@Test
	void drainShouldEndLongLivedExchangesOnceTheyRanForTheGraceAndWaitForThem() {
		long drainStart = System.nanoTime();
		Exchanges exchanges = new Exchanges(drainStart - Duration.ofHours(1).toNanos(), drainStart);
		drain(new Connectors(Integer.MAX_VALUE, false), exchanges);
		long drained = System.nanoTime();
		assertThat(exchanges.endedAt[0] - drainStart).as("nanos until the hour-old exchange was ended")
			.isLessThan(WorkerDrainLifecycle.LONG_LIVED_GRACE.toNanos());
		assertThat(exchanges.endedAt[1] - drainStart).as("nanos until the new exchange was ended")
			.isGreaterThanOrEqualTo(WorkerDrainLifecycle.LONG_LIVED_GRACE.toNanos());
		assertThat(drained - drainStart).as("nanos until drained, the idle connection given up")
			.isLessThan(WorkerDrainLifecycle.LONG_LIVED_GRACE.plus(WorkerDrainLifecycle.IDLE_GRACE.multipliedBy(2))
				.toNanos());
	}

	private void drain(Connectors connectors) {
		drain(connectors, new Exchanges());
	}

	private void drain(WorkerConnectors connectors, LongLivedExchanges exchanges) {
		new WorkerDrainLifecycle(List.of(connectors), List.of(exchanges), this.control, TIMEOUT,
				mock(ApplicationEventPublisher.class))
			.stop();
	}

	/** The most looks the drain takes in the given time: it waits POLL_MILLIS between two. */
	private static int lookCount(Duration time) {
		return (int) (time.toMillis() / WorkerDrainLifecycle.POLL_MILLIS);
	}

	/**
	 * One open connection that is never busy, unused or not, until it closes after a number
	 * of looks.
	 */
	private static final class Connectors implements WorkerConnectors {

		private final AtomicInteger looks = new AtomicInteger();

		private final int closedAfterLooks;

		private final boolean unused;

		private volatile boolean stoppedAccepting;

		Connectors(int closedAfterLooks, boolean unused) {
			this.closedAfterLooks = closedAfterLooks;
			this.unused = unused;
		}

		@Override
		public void stopAccepting() {
			this.stoppedAccepting = true;
		}

		@Override
		public long openConnections() {
			return (this.looks.incrementAndGet() > this.closedAfterLooks) ? 0 : 1;
		}

		@Override
		public long busyConnections() {
			return 0;
		}

		@Override
		public long unusedConnections() {
			return (this.unused && this.looks.get() <= this.closedAfterLooks) ? 1 : 0;
		}

		@Override
		public long requestsServed() {
			return 0;
		}

		@Override
		public int busyRequestThreads() {
			return 0;
		}

		@Override
		public int maxRequestThreads() {
			return 200;
		}

	}

	/**
	 * Exchanges that begin at given moments and are over as soon as they are ended.
	 */
	private static final class Exchanges implements LongLivedExchanges {

		private final long[] began;

		private final long[] endedAt;

		Exchanges(long... began) {
			this.began = began;
			this.endedAt = new long[began.length];
		}

		@Override
		public synchronized int open() {
			return (int) Arrays.stream(this.endedAt).filter((ended) -> ended == 0).count();
		}

		@Override
		public synchronized int endBegunBy(long nanoTime) {
			int count = 0;
			for (int i = 0; i < this.began.length; i++) {
				if (this.endedAt[i] == 0 && this.began[i] - nanoTime <= 0) {
					this.endedAt[i] = System.nanoTime();
					count++;
				}
			}
			return count;
		}

		@Override
		public String kind() {
			return "exchange";
		}

	}

}
