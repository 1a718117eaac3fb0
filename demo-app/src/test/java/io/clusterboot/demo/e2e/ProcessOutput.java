package io.clusterboot.demo.e2e;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every line a process prints (stdout with stderr merged), kept in memory for assertions
 * and copied to a log file for debugging.
 * <p>
 * The log file also gets the harness's own notes ({@code ### ...}: signals sent, waits
 * finished), each line stamped with the seconds since the process started, so a failed
 * run can be read as one timeline.
 *
 * @author ClusterBoot team
 */
final class ProcessOutput implements AutoCloseable {

	private final List<Line> lines = new ArrayList<>();

	private final BufferedWriter log;

	private final Path logFile;

	private final long startNanos = System.nanoTime();

	private final CountDownLatch ended = new CountDownLatch(1);

	private final Consumer<String> listener;

	private ProcessOutput(Path logFile, Consumer<String> listener) throws IOException {
		Files.createDirectories(logFile.getParent());
		this.logFile = logFile;
		this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
		this.listener = listener;
	}

	/**
	 * Starts reading {@code in} on a daemon thread until it ends.
	 * @param name names the reader thread
	 * @param in the process's output
	 * @param logFile where to copy it
	 * @param listener called with every line, on the reader thread
	 * @return the capture
	 */
	static ProcessOutput capture(String name, InputStream in, Path logFile, Consumer<String> listener) {
		try {
			ProcessOutput output = new ProcessOutput(logFile, listener);
			Thread reader = new Thread(() -> output.read(in), "output-" + name);
			reader.setDaemon(true);
			reader.start();
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create " + logFile, ex);
		}
	}

	private void read(InputStream in) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.lines) {
					this.lines.add(new Line(System.nanoTime(), line));
				}
				writeLog(line);
				this.listener.accept(line);
			}
		}
		catch (IOException ex) {
			note("output read failed: " + ex);
		}
		finally {
			note("end of output");
			this.ended.countDown();
		}
	}

	/**
	 * Writes a harness note into the log file (not into {@link #lines()}).
	 * @param message the note
	 */
	void note(String message) {
		writeLog("### " + message);
	}

	private synchronized void writeLog(String line) {
		try {
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
			this.log.write(String.format("+%d.%03ds %s%n", millis / 1000, millis % 1000, line));
			this.log.flush();
		}
		catch (IOException ex) {
			// The log file is a debugging aid; the in-memory lines are what tests assert on.
		}
	}

	/**
	 * A snapshot of the lines read so far.
	 * @return the lines
	 */
	List<String> lines() {
		return timedLines().stream().map(Line::text).collect(Collectors.toCollection(ArrayList::new));
	}

	/**
	 * A snapshot of the lines read so far, each with the moment it was read.
	 * @return the lines, oldest first
	 */
	List<Line> timedLines() {
		synchronized (this.lines) {
			return new ArrayList<>(this.lines);
		}
	}

	/**
	 * The first line matching {@code pattern} so far.
	 * @param pattern the pattern (searched with {@link Matcher#find()})
	 * @return a matcher positioned on the match
	 */
	Optional<Matcher> find(Pattern pattern) {
		for (String line : lines()) {
			Matcher matcher = pattern.matcher(line);
			if (matcher.find()) {
				return Optional.of(matcher);
			}
		}
		return Optional.empty();
	}

	/**
	 * Waits until a line matches.
	 * @param pattern the pattern
	 * @param timeout the deadline
	 * @return a matcher positioned on the first match
	 */
	Matcher await(Pattern pattern, Duration timeout) {
		return Waits.until("a line matching /" + pattern + "/", timeout, () -> find(pattern), Optional::isPresent,
				this::describe)
			.get();
	}

	/**
	 * Waits until the stream ends (every writer closed it), without failing.
	 * @param timeout the deadline
	 * @return whether it ended
	 */
	boolean awaitEnd(Duration timeout) {
		try {
			return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The last lines, for assertion messages.
	 * @param count how many
	 * @return the lines joined, one per line
	 */
	String tail(int count) {
		List<String> all = lines();
		return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - count), all.size()));
	}

	/**
	 * A block to append to assertion messages: where the full log is and its tail.
	 * @return the description
	 */
	String describe() {
		return System.lineSeparator() + "--- last lines of " + this.logFile + " ---" + System.lineSeparator()
				+ tail(60) + System.lineSeparator() + "---";
	}

	Path logFile() {
		return this.logFile;
	}

	/**
	 * One line of output and when the test read it: an upper bound of when the process
	 * printed it, on the clock of {@link System#nanoTime()}.
	 *
	 * @param nanoTime when the line was read
	 * @param text the line
	 */
	record Line(long nanoTime, String text) {

		/**
		 * How long after an earlier moment the line was read.
		 * @param earlierNanoTime the moment, from {@link System#nanoTime()}
		 * @return the time between
		 */
		Duration since(long earlierNanoTime) {
			return Duration.ofNanos(this.nanoTime - earlierNanoTime);
		}

	}

	@Override
	public synchronized void close() {
		try {
			this.log.close();
		}
		catch (IOException ex) {
			// Nothing left to do with a log we cannot close.
		}
	}

}
