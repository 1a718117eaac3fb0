package io.clusterboot.internal.master;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import io.clusterboot.internal.ipc.ControlMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MessageForwarder}: the application's messages between workers are
 * forwarded in order by the routes in force, wait in a bounded queue that never holds the
 * sender up, and what is dropped is counted and logged at most once per interval.
 *
 * @author ClusterBoot team
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(30)
class MessageForwarderTests {

	/**
	 * Workers 1 and 2 in slots 1 and 2, both ready; worker 3 in slot 3, starting.
	 */
	private static final MessageRoutes ROUTES = new MessageRoutes(Map.of(1L, 1, 2L, 2, 3L, 3), List.of(1L, 2L));

	private final TestClock clock = new TestClock();

	private final List<String> sent = new CopyOnWriteArrayList<>();

	/**
	 * Whether the outbox has room for a message to a worker.
	 */
	private volatile BiPredicate<Long, ControlMessage> room = (worker, message) -> true;

	private final MessageForwarder forwarder = new MessageForwarder(this.clock, this::forward);

	@Test
	void forwardsEachMessageInOrderToTheReadyWorkersItIsAddressedToByTheRoutesInForce() throws Exception {
		this.forwarder.routes(ROUTES);
		this.forwarder.offer(1, message(0, "a"));
		this.forwarder.offer(2, message(1, "b"));
		this.forwarder.offer(3, message(0, "c"));
		forwardWaiting();
		this.forwarder.routes(new MessageRoutes(Map.of(1L, 1, 2L, 2, 3L, 3), List.of(1L, 2L, 3L)));
		this.forwarder.offer(1, message(0, "d"));
		this.forwarder.offer(9, message(0, "from a worker that is gone"));
		forwardWaiting();
		assertThat(this.sent).containsExactly("1:a from 1", "2:a from 1", "1:b from 2", "1:c from 3", "2:c from 3",
				"1:d from 1", "2:d from 1", "3:d from 1");
	}

	@Test
	void aMessageThatFindsTheQueueFullIsDroppedAndTheDropsAreLoggedAtMostOncePerInterval(CapturedOutput output)
			throws Exception {
		this.forwarder.routes(ROUTES);
		offer(MessageForwarder.CAPACITY + 10);
		forwardWaiting();
		assertThat(this.sent).hasSize(2 * MessageForwarder.CAPACITY);
		assertThat(dropReports(output)).containsExactly("10 found the master's queue of 4096 full, 0 found no room");

		offer(MessageForwarder.CAPACITY + 5);
		forwardWaiting();
		assertThat(dropReports(output)).as("within the interval").hasSize(1);
		this.clock.advance(MessageForwarder.REPORT_INTERVAL);
		this.forwarder.forwardNext(Duration.ZERO);
		assertThat(dropReports(output)).hasSize(2).endsWith("5 found the master's queue of 4096 full, 0 found no room");
	}

	@Test
	void aMessageForAWorkerWithNoRoomIsDroppedAndCounted(CapturedOutput output) throws Exception {
		this.room = (worker, message) -> worker == 1;
		this.forwarder.routes(ROUTES);
		offer(3);
		forwardWaiting();
		assertThat(this.sent).containsExactly("1:m0 from 1", "1:m1 from 1", "1:m2 from 1");
		this.clock.advance(MessageForwarder.REPORT_INTERVAL);
		this.forwarder.forwardNext(Duration.ZERO);
		assertThat(dropReports(output)).containsExactly("0 found the master's queue of 4096 full, 1 found no room",
				"0 found the master's queue of 4096 full, 2 found no room");
	}

	@Test
	void itForwardsOnItsOwnThreadAndTakingAMessageNeverWaits() throws Exception {
		CountDownLatch stuck = new CountDownLatch(1);
		this.room = (worker, message) -> {
			try {
				return stuck.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		};
		this.forwarder.routes(ROUTES);
		this.forwarder.start();
		long started = System.nanoTime();
		offer(10 * MessageForwarder.CAPACITY);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("offering while the outbox is stuck")
			.isLessThan(Duration.ofSeconds(5));
		stuck.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sent.size() >= 2 * MessageForwarder.CAPACITY);
		assertThat(this.sent).as("the queue's messages, and the one the stuck outbox held")
			.hasSizeLessThanOrEqualTo(2 * (MessageForwarder.CAPACITY + 1));
		this.forwarder.stop();
	}

	private boolean forward(long worker, ControlMessage message) {
		if (!this.room.test(worker, message)) {
			return false;
		}
		return this.sent.add(worker + ":" + message.text("topic") + " from " + message.number("from"));
	}

	private void offer(int count) {
		for (int i = 0; i < count; i++) {
			this.forwarder.offer(1, message(0, "m" + i));
		}
	}

	private void forwardWaiting() throws InterruptedException {
		for (int i = 0; i <= MessageForwarder.CAPACITY; i++) {
			this.forwarder.forwardNext(Duration.ZERO);
		}
	}

	private static ControlMessage message(int to, String topic) {
		return ControlMessage.of(ControlMessage.MESSAGE, "to", to, "topic", topic, "payload", "{}");
	}

	private static List<String> dropReports(CapturedOutput output) {
		List<String> reports = new ArrayList<>();
		String prefix = "Dropped messages between workers (ClusterMessenger), sent faster than they are taken: ";
		for (String line : output.getOut().split("\n")) {
			int at = line.indexOf(prefix);
			if (at >= 0) {
				String report = line.substring(at + prefix.length());
				reports.add(report.substring(0, report.indexOf(" (")));
			}
		}
		return reports;
	}

	/**
	 * A clock that moves when the test says.
	 */
	private static final class TestClock extends Clock {

		private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
