package io.clusterboot.internal.master;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MonotonicClock}.
 *
 * @author ClusterBoot team
 */
class MonotonicClockTests {

	@Test
	void advancesByTheMonotonicClockFromTheStart() {
		AtomicLong nanos = new AtomicLong(-5_000);
		Instant start = Instant.parse("2026-12-03T06:00:00Z");
		MonotonicClock clock = new MonotonicClock(start, nanos::get);
		assertThat(clock.instant()).isEqualTo(start);
		nanos.addAndGet(2_500_000_000L);
		assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-03T06:00:02.500Z"));
	}

}
