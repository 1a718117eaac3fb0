package io.clusterboot.internal.master;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RestartBackoff}.
 *
 * @author ClusterBoot team
 */
class RestartBackoffTests {

	private final RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10),
			Duration.ofSeconds(30));

	@Test
	void delayAfterExitWhenUptimeLongEnoughShouldBeZero() {
		assertThat(this.backoff.delayAfterExit(Duration.ofMinutes(5))).isZero();
		assertThat(this.backoff.quickExits()).isZero();
	}

	@Test
	void delayAfterExitWhenQuickExitsInARowShouldDoubleUpToMaximum() {
		assertThat(this.backoff.delayAfterExit(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.delayAfterExit(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.delayAfterExit(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.backoff.delayAfterExit(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(8));
		assertThat(this.backoff.delayAfterExit(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(10));
		for (int i = 0; i < 100; i++) {
			assertThat(this.backoff.delayAfterExit(Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
		}
		assertThat(this.backoff.quickExits()).isEqualTo(105);
	}

	@Test
	void delayAfterExitWhenWorkerRanLongEnoughShouldStartOver() {
		this.backoff.delayAfterExit(Duration.ZERO);
		this.backoff.delayAfterExit(Duration.ZERO);
		assertThat(this.backoff.delayAfterExit(Duration.ofSeconds(30))).isZero();
		assertThat(this.backoff.delayAfterExit(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
	}

}
