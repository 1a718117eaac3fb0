package io.clusterboot.internal.master;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Hands entries (lines, log events) to an output on a thread of its own, so that who
 * offers them never waits: they join a bounded queue, and when the output is stuck (a
 * pipe nobody reads, a file system that hangs) and the queue is full, more are dropped
 * and counted. Once the output moves again, an entry says how many were lost.
 *
 * @param <E> the type of the entries
 * @author ClusterBoot team
 */
final class NonBlockingWriter<E> {

	private final BlockingQueue<Object> entries;

	private final Object end = new Object();

	private final AtomicLong dropped = new AtomicLong();

	private final Output<E> output;

	private final LongFunction<E> droppedReport;

	private final Thread thread;

	/**
	 * Starts the writer's thread.
	 * @param capacity how many entries may wait
	 * @param output where entries go; it may block
	 * @param droppedReport the entry that tells how many were dropped
	 * @param name the thread's name
	 */
	NonBlockingWriter(int capacity, Output<E> output, LongFunction<E> droppedReport, String name) {
		this.entries = new ArrayBlockingQueue<>(capacity);
		this.output = output;
		this.droppedReport = droppedReport;
		this.thread = new Thread(this::writeEntries, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Queues an entry, or drops and counts it when the queue is full. Never blocks.
	 * @param entry the entry
	 */
	void offer(E entry) {
		if (!this.entries.offer(entry)) {
			this.dropped.incrementAndGet();
		}
	}

	/**
	 * Returns how many entries were dropped since the last report of it.
	 * @return the number of entries
	 */
	long dropped() {
		return this.dropped.get();
	}

	/**
	 * Waits until the entries offered so far are out and stops the writer, or until the
	 * time is up.
	 * @param timeout how long to wait
	 * @return whether every entry is out
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean drain(Duration timeout) throws InterruptedException {
		if (!this.entries.offer(this.end, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return false;
		}
		this.thread.join(timeout.toMillis());
		return !this.thread.isAlive();
	}

	@SuppressWarnings("unchecked")
	private void writeEntries() {
		try {
			this.output.open();
			while (true) {
				Object next = this.entries.take();
				if (next == this.end) {
					return;
				}
				this.output.write((E) next);
				long lost = this.dropped.getAndSet(0);
				if (lost > 0) {
					this.output.write(this.droppedReport.apply(lost));
				}
				if (this.entries.isEmpty()) {
					this.output.flush();
				}
			}
		}
		catch (Exception ex) {
			// the output is closed, or the master stops: nothing more can be written to it
		}
	}

	/**
	 * Where the entries go, written on the writer's thread only.
	 *
	 * @param <E> the type of the entries
	 */
	interface Output<E> {

		/**
		 * Called once before the first entry: may wait until the output is this
		 * writer's.
		 * @throws Exception if the output cannot be had
		 */
		default void open() throws Exception {
		}

		/**
		 * Writes an entry.
		 * @param entry the entry
		 * @throws Exception if the output is closed
		 */
		void write(E entry) throws Exception;

		/**
		 * Called once no entry waits any longer.
		 * @throws Exception if the output is closed
		 */
		default void flush() throws Exception {
		}

	}

}
