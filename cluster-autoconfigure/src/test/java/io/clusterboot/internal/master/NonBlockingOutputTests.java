package io.clusterboot.internal.master;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NonBlockingOutput}.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class NonBlockingOutputTests {

	@Test
	void linesShouldReachTheTargetWhole() throws Exception {
		ByteArrayOutputStream target = new ByteArrayOutputStream();
		NonBlockingOutput output = new NonBlockingOutput(target, "test-output");
		output.write("one\ntw".getBytes(StandardCharsets.UTF_8));
		output.write('o');
		output.write("\nthree".getBytes(StandardCharsets.UTF_8));
		assertThat(output.drain(Duration.ofSeconds(5))).isTrue();
		assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree");
	}

	@Test
	void writersShouldNeverWaitForATargetThatIsNotReadAndLinesDroppedShouldBeTold() throws Exception {
		CountDownLatch unblocked = new CountDownLatch(1);
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		OutputStream stuck = new OutputStream() {

			@Override
			public void write(int b) {
				write(new byte[] { (byte) b }, 0, 1);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				try {
					unblocked.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				written.write(bytes, offset, length);
			}

		};
		NonBlockingOutput output = new NonBlockingOutput(stuck, "test-output");
		long started = System.nanoTime();
		int lines = NonBlockingOutput.CAPACITY_LINES + 1000;
		for (int i = 0; i < lines; i++) {
			output.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(output.dropped()).isBetween(999L, 1000L);
		unblocked.countDown();
		assertThat(output.drain(Duration.ofSeconds(10))).isTrue();
		String text = written.toString(StandardCharsets.UTF_8);
		assertThat(text).startsWith("line 0\n").contains("line(s) of output dropped: the output was not read");
		assertThat(output.dropped()).isZero();
	}

}
