package io.clusterboot.internal.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.RecordingHandler;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.messaging.ClusterMessageEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ControlChannelMessenger}.
 *
 * @author ClusterBoot team
 */
@Timeout(60)
class ControlChannelMessengerTests {

	private static final int SENT = ControlChannelMessenger.QUEUE_CAPACITY + 500;

	private final RecordingHandler handler = new RecordingHandler();

	private final CountDownLatch listenerReleased = new CountDownLatch(1);

	private final AtomicInteger published = new AtomicInteger();

	private ControlServer master;

	private WorkerControl control;

	private ControlChannelMessenger messenger;

	@BeforeEach
	void connect() throws IOException, InterruptedException {
		this.master = ControlServer.start(this.handler);
		this.control = new WorkerControl(new WorkerIdentity(7, 1, 1, 1, this.master.socketPath()));
		assertThat(this.handler.next()).isEqualTo("7:hello");
		this.messenger = new ControlChannelMessenger(this.control, JsonMapper.builder().build(), (event) -> {
			this.published.incrementAndGet();
			awaitRelease();
		});
	}

	@AfterEach
	void close() throws IOException {
		this.listenerReleased.countDown();
		this.messenger.destroy();
		this.control.destroy();
		this.master.close();
	}

	@Test
	void messagesAListenerDoesNotTakeInTimeAreDroppedAndCountedAndTheRestDelivered() throws Exception {
		for (int i = 0; i < SENT; i++) {
			ControlMessage message = ControlMessage.of(ControlMessage.MESSAGE, "from", 2, "topic", "t", "payload",
					"{}");
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			// the master's outbox for the worker is small: wait until the worker's reader takes some
			while (!this.master.send(7, message)) {
				assertThat(System.nanoTime()).as("message %d sent", i).isLessThan(deadline);
				Thread.onSpinWait();
			}
		}
		long expectedDropped = SENT - 1 - ControlChannelMessenger.QUEUE_CAPACITY;
		await().atMost(Duration.ofSeconds(20)).until(() -> this.messenger.droppedMessages() >= expectedDropped);
		assertThat(this.messenger.droppedMessages()).isEqualTo(expectedDropped);
		this.listenerReleased.countDown();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.published.get() >= SENT - expectedDropped);
		assertThat(this.published).hasValue((int) (SENT - expectedDropped));
	}

	@Test
	void messagesOfASubscribedTopicGoToItsReceiverAndNotToTheListeners() throws Exception {
		this.listenerReleased.countDown();
		BlockingQueue<ClusterMessageEvent> received = new LinkedBlockingQueue<>();
		this.messenger.subscribe("clusterboot.mine", received::add);
		assertThat(this.master.send(7, ControlMessage.of(ControlMessage.MESSAGE, "from", 2, "topic", "clusterboot.mine",
				"payload", "\"x\""))).isTrue();
		assertThat(this.master.send(7, ControlMessage.of(ControlMessage.MESSAGE, "from", 2, "topic", "other",
				"payload", "\"y\""))).isTrue();
		ClusterMessageEvent event = received.poll(10, TimeUnit.SECONDS);
		assertThat(event).isNotNull();
		assertThat(event.getPayload(String.class)).isEqualTo("x");
		assertThat(event.getSenderSlot()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.published.get() >= 1);
		assertThat(this.published).as("published: the other topic only").hasValue(1);
		assertThat(received).isEmpty();
	}

	private void awaitRelease() {
		try {
			this.listenerReleased.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
