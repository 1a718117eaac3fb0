package io.clusterboot.internal.master;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The events the master's thread handles one at a time: those other threads report
 * (signals, process exits, control messages, answers of other JVMs), which wait in
 * their order, and those the master's thread reports of what it just did (a process
 * forked or not, the service handed over), which come before any other, so that the
 * supervisor never sees an exit before the start it follows.
 *
 * @author ClusterBoot team
 */
final class EventQueue {

	private final BlockingQueue<MasterEvent> reported = new LinkedBlockingQueue<>();

	private final Deque<MasterEvent> immediate = new ArrayDeque<>();

	/**
	 * Adds an event; called on any thread.
	 * @param event the event
	 */
	void add(MasterEvent event) {
		this.reported.add(event);
	}

	/**
	 * Adds an event to handle before any other; called on the master's thread only.
	 * @param event the event
	 */
	void addNext(MasterEvent event) {
		this.immediate.add(event);
	}

	/**
	 * Returns the next event: one to handle before any other, else one reported, waiting
	 * for it at most as long as told.
	 * @param wait how many milliseconds to wait at most, asked only when there is nothing
	 * to handle at once
	 * @return the event, or {@code null} if none came in time
	 * @throws InterruptedException if the thread is interrupted while it waits
	 */
	MasterEvent next(LongSupplier wait) throws InterruptedException {
		MasterEvent event = this.immediate.poll();
		return (event != null) ? event : this.reported.poll(Math.max(0, wait.getAsLong()), TimeUnit.MILLISECONDS);
	}

}
