package io.clusterboot.internal.master;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NonBlockingWriter}.
 *
 * @author ClusterBoot team
 */
class NonBlockingWriterTests {

	private final List<String> written = new CopyOnWriteArrayList<>();

	private final CountDownLatch moving = new CountDownLatch(1);

	@Test
	void entriesShouldBeWrittenInOrder() throws Exception {
		NonBlockingWriter<String> writer = new NonBlockingWriter<>(10, this.written::add, (lost) -> "lost " + lost,
				"test-writer");
		writer.offer("one");
		writer.offer("two");
		assertThat(writer.drain(Duration.ofSeconds(5))).isTrue();
		assertThat(this.written).containsExactly("one", "two");
	}

	@Test
	void aStuckOutputShouldMakeOffersDropAndCountNeverWait() throws Exception {
		NonBlockingWriter<String> writer = new NonBlockingWriter<>(10, (entry) -> {
			this.moving.await();
			this.written.add(entry);
		}, (lost) -> lost + " dropped", "test-writer");
		long started = System.nanoTime();
		for (int i = 0; i < 25; i++) {
			writer.offer("line " + i);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		// one is taken by the writer, which waits on it, ten wait in the queue
		long dropped = writer.dropped();
		assertThat(dropped).isBetween(14L, 15L);
		this.moving.countDown();
		assertThat(writer.drain(Duration.ofSeconds(5))).isTrue();
		assertThat(this.written.get(0)).isEqualTo("line 0");
		assertThat(this.written.get(1)).isEqualTo(dropped + " dropped");
		assertThat(this.written.subList(2, this.written.size())).hasSize((int) (25 - dropped - 1))
			.allMatch((entry) -> entry.startsWith("line "));
		assertThat(writer.dropped()).isZero();
	}

	@Test
	void entriesShouldWaitUntilTheOutputIsOpen() throws Exception {
		NonBlockingWriter<String> writer = new NonBlockingWriter<>(10, new NonBlockingWriter.Output<>() {

			@Override
			public void open() throws InterruptedException {
				NonBlockingWriterTests.this.moving.await();
			}

			@Override
			public void write(String entry) {
				NonBlockingWriterTests.this.written.add(entry);
			}

		}, (lost) -> lost + " dropped", "test-writer");
		writer.offer("early");
		assertThat(writer.drain(Duration.ofMillis(50))).isFalse();
		assertThat(this.written).isEmpty();
		this.moving.countDown();
		assertThat(writer.drain(Duration.ofSeconds(5))).isTrue();
		assertThat(this.written).containsExactly("early");
	}

}
