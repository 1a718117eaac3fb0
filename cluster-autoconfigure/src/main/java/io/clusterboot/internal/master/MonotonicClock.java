package io.clusterboot.internal.master;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The master's clock: the wall clock's time when the master started, advanced by the
 * monotonic clock ({@link System#nanoTime()}). Heartbeat, start and stop deadlines are
 * measured with it, so a step of the wall clock (NTP, a resumed virtual machine) never
 * makes every worker look hung at once, nor postpones a deadline. Times it reports can
 * drift from the wall clock by what the wall clock was stepped since.
 *
 * @author ClusterBoot team
 */
final class MonotonicClock extends Clock {

	private final Instant start;

	private final long startNanos;

	private final LongSupplier nanoTime;

	MonotonicClock(Instant start, LongSupplier nanoTime) {
		this.start = start;
		this.nanoTime = nanoTime;
		this.startNanos = nanoTime.getAsLong();
	}

	/**
	 * Returns a clock that starts at the wall clock's present time.
	 * @return the clock
	 */
	static MonotonicClock startingNow() {
		return new MonotonicClock(Instant.now(), System::nanoTime);
	}

	@Override
	public Instant instant() {
		return this.start.plusNanos(this.nanoTime.getAsLong() - this.startNanos);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The master's clock is in UTC");
	}

}
