package io.clusterboot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.WorkerState;
import io.clusterboot.internal.worker.WorkerControl;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ClusterHealthIndicator}.
 *
 * @author ClusterBoot team
 */
class ClusterHealthIndicatorTests {

	private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

	@Test
	void clusterWithSaturatedWorkersShouldBeUpAndCountThem() {
		WorkerControl control = mock(WorkerControl.class);
		given(control.status(any())).willReturn(status(worker(1, true), worker(2, false)));
		Health health = new ClusterHealthIndicator(control).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("ready", 2)
			.containsEntry("degraded", 0)
			.containsEntry("saturated", 1);
	}

	private static ClusterStatus status(ClusterStatus.Worker... workers) {
		return new ClusterStatus(
				new ClusterStatus.Master(9, Duration.ofMinutes(1), "127.0.0.1:8080", null, "SHARED", null, 1, false,
						null, null),
				new ClusterStatus.Workers(2, 2, 2, 0, 8, 0), null, new ClusterStatus.Reloads(0, 0, 0, 0), List.of(),
				List.of(workers), new ClusterStatus.BootCache(BootCacheState.DISABLED, null, null, null), null, null, null);
	}

	private static ClusterStatus.Worker worker(int slot, boolean saturated) {
		return new ClusterStatus.Worker(slot, slot, 100 + slot, 1, WorkerState.READY, Duration.ofMinutes(1), 0, null,
				AT, 1L, 1L, 50.0, 4L, 10L, false, new ClusterStatus.RequestThreads(saturated ? 4 : 1, 4, saturated),
				null);
	}

}
