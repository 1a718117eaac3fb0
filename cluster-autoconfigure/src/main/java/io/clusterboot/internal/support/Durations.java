package io.clusterboot.internal.support;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationStyle;

/**
 * Prints durations in log messages the way users write them in configuration: "30s",
 * "1500ms".
 *
 * @author ClusterBoot team
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Prints a duration in whole seconds where it has no fraction of a second, else in
	 * milliseconds.
	 * @param duration the duration
	 * @return the duration as text
	 */
	public static String print(Duration duration) {
		ChronoUnit unit = (duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS;
		return DurationStyle.SIMPLE.print(duration, unit);
	}

}
