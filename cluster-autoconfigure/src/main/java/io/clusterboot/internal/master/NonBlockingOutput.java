package io.clusterboot.internal.master;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;

/**
 * An output stream that never blocks its writers: whole lines join a bounded queue, and a
 * thread of its own writes them to the real output. When that output is not read (a full
 * pipe, a stopped terminal) and the queue is full, lines are dropped and counted; once
 * the output moves again, one line says how many were lost.
 * <p>
 * The master puts its standard output and error behind one each: its own log lines and
 * the workers' lines it copies would otherwise stop the master's thread, and with it
 * every kill, restart and stop, whenever nobody reads the master's output. Loggers that
 * look {@code System.out} up at every write, as Logback's console appender (Spring Boot's
 * default) does, write through it; Log4j2's console appender keeps the stream it found
 * when it started unless it is configured with {@code follow="true"}.
 *
 * @author ClusterBoot team
 */
final class NonBlockingOutput extends OutputStream {

	static final int CAPACITY_LINES = 4096;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private final NonBlockingWriter<byte[]> writer;

	NonBlockingOutput(OutputStream target, String name) {
		this.writer = new NonBlockingWriter<>(CAPACITY_LINES, new NonBlockingWriter.Output<>() {

			@Override
			public void write(byte[] line) throws IOException {
				target.write(line);
			}

			@Override
			public void flush() throws IOException {
				target.flush();
			}

		}, NonBlockingOutput::droppedReport, name);
	}

	private static byte[] droppedReport(long lost) {
		return ("[cluster master] " + lost + " line(s) of output dropped: the output was not read"
				+ System.lineSeparator()).getBytes(Charset.defaultCharset());
	}

	/**
	 * Puts the master's standard output and error behind a non-blocking stream each,
	 * until the result is closed.
	 * @return what puts the original streams back
	 */
	static Installed installForStandardStreams() {
		return new Installed();
	}

	@Override
	public synchronized void write(int b) {
		this.line.write(b);
		if (b == '\n') {
			endLine();
		}
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int length) {
		int start = offset;
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] == '\n') {
				this.line.write(bytes, start, i + 1 - start);
				endLine();
				start = i + 1;
			}
		}
		this.line.write(bytes, start, offset + length - start);
	}

	private void endLine() {
		this.writer.offer(this.line.toByteArray());
		this.line.reset();
	}

	/**
	 * Returns how many lines were dropped since the last report of it.
	 * @return the number of lines
	 */
	long dropped() {
		return this.writer.dropped();
	}

	/**
	 * Waits until the lines written so far are out, or the time is up.
	 * @param timeout how long to wait
	 * @return whether every line is out
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean drain(Duration timeout) throws InterruptedException {
		synchronized (this) {
			if (this.line.size() > 0) {
				endLine();
			}
		}
		return this.writer.drain(timeout);
	}

	/**
	 * The master's standard output and error behind non-blocking streams. Closing it
	 * gives their last lines a moment to get out, and puts the original streams back, so
	 * that what is printed as the JVM exits is not lost with the writer threads.
	 */
	static final class Installed implements AutoCloseable {

		private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

		private final PrintStream originalOut = System.out;

		private final PrintStream originalErr = System.err;

		private final NonBlockingOutput out = new NonBlockingOutput(new FileOutputStream(FileDescriptor.out),
				"cluster-stdout");

		private final NonBlockingOutput err = new NonBlockingOutput(new FileOutputStream(FileDescriptor.err),
				"cluster-stderr");

		private Installed() {
			System.setOut(new PrintStream(this.out, true, Charset.defaultCharset()));
			System.setErr(new PrintStream(this.err, true, Charset.defaultCharset()));
		}

		@Override
		public void close() throws InterruptedException {
			try {
				this.out.drain(DRAIN_TIMEOUT);
				this.err.drain(DRAIN_TIMEOUT);
			}
			finally {
				System.setOut(this.originalOut);
				System.setErr(this.originalErr);
			}
		}

	}

}
