package io.clusterboot.internal.master;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Copies a worker's standard output and error to the master's, and into the log file the
 * master writes for the cluster if there is one, and keeps the last lines to explain the
 * worker's exit. A plain line is prefixed with the worker's slot and pid; a JSON object
 * (Spring Boot's structured logging, a JSON encoder) passes as it is, so that it stays
 * one valid object per line for log shippers: the worker put its slot, id and generation
 * in it as members itself. Each stream has a thread of its own; the master's thread
 * never waits on them.
 *
 * @author ClusterBoot team
 */
final class WorkerOutput {

	private static final int TAIL_LINES = 40;

	private final String prefix;

	private final Consumer<String> logFile;

	private final Deque<String> tail = new ArrayDeque<>();

	private final AtomicInteger openStreams = new AtomicInteger(2);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	/**
	 * Creates the output of a worker.
	 * @param slot the worker's slot
	 * @param pid the worker's pid
	 * @param logFile what takes the lines for the log file; it never blocks
	 */
	WorkerOutput(int slot, long pid, Consumer<String> logFile) {
		this.prefix = "[worker " + slot + " pid " + pid + "] ";
		this.logFile = logFile;
	}

	void copy(Process process) {
		start(process.getInputStream(), System.out, "out");
		start(process.getErrorStream(), System.err, "err");
	}

	private void start(InputStream input, PrintStream target, String name) {
		Thread thread = new Thread(() -> pump(input, target), "cluster-" + this.prefix.trim() + "-" + name);
		thread.setDaemon(true);
		thread.start();
	}

	private void pump(InputStream input, PrintStream target) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, Charset.defaultCharset()))) {
			String line;
			while ((line = reader.readLine()) != null) {
				String relayed = relayed(this.prefix, line);
				target.println(relayed);
				this.logFile.accept(relayed);
				remember(line);
			}
		}
		catch (IOException ex) {
			// the worker is gone
		}
		finally {
			if (this.openStreams.decrementAndGet() == 0) {
				this.ended.complete(null);
			}
		}
	}

	/**
	 * Returns a worker's line as the master relays it: a JSON object as it is, any other
	 * line after the prefix.
	 * @param prefix the worker's prefix
	 * @param line the line
	 * @return the relayed line
	 */
	static String relayed(String prefix, String line) {
		return isJsonObject(line) ? line : prefix + line;
	}

	/**
	 * Returns whether a line is a JSON object, as structured log formats write one per
	 * line: it starts with <code>{</code> and ends with <code>}</code>, blanks aside. The
	 * line is not parsed: the worker's encoder wrote it, and parsing every line would
	 * cost the master CPU for nothing.
	 * @param line the line
	 * @return whether it is a JSON object
	 */
	static boolean isJsonObject(String line) {
		int first = 0;
		int last = line.length() - 1;
		while (first <= last && Character.isWhitespace(line.charAt(first))) {
			first++;
		}
		while (last > first && Character.isWhitespace(line.charAt(last))) {
			last--;
		}
		return last > first && line.charAt(first) == '{' && line.charAt(last) == '}';
	}

	private synchronized void remember(String line) {
		if (this.tail.size() == TAIL_LINES) {
			this.tail.removeFirst();
		}
		this.tail.addLast(line);
	}

	/**
	 * Returns what completes once both streams ended: the worker and every process that
	 * inherited them are gone.
	 * @return the end of the output
	 */
	CompletableFuture<Void> ended() {
		return this.ended;
	}

	/**
	 * Returns the last lines the worker printed so far.
	 * @return the last lines
	 */
	synchronized List<String> tail() {
		return List.copyOf(this.tail);
	}

}
