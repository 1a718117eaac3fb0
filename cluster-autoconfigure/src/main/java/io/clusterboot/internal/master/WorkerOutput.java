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

/**
 * Copies a worker's standard output and error to the master's, each line prefixed with
 * the worker's slot and pid, and keeps the last lines to explain the worker's exit. Each
 * stream has a thread of its own; the master's thread never waits on them.
 *
 * @author ClusterBoot team
 */
final class WorkerOutput {

	private static final int TAIL_LINES = 40;

	private final String prefix;

	private final Deque<String> tail = new ArrayDeque<>();

	private final AtomicInteger openStreams = new AtomicInteger(2);

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	WorkerOutput(int slot, long pid) {
		this.prefix = "[worker " + slot + " pid " + pid + "] ";
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
				target.println(this.prefix + line);
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
