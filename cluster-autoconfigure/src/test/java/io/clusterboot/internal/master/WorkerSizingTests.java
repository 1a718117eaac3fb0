package io.clusterboot.internal.master;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerSizing}.
 *
 * @author ClusterBoot team
 */
class WorkerSizingTests {

	@Test
	void workersShareTheProcessorsAndAtMostThreeQuartersOfTheMemory() {
		assertThat(WorkerSizing.options(List.of(), 2, 2)).containsExactly("-XX:ActiveProcessorCount=1",
				"-XX:MaxRAMPercentage=25.0");
		assertThat(WorkerSizing.options(List.of(), 3, 8)).containsExactly("-XX:ActiveProcessorCount=3",
				"-XX:MaxRAMPercentage=25.0");
		assertThat(WorkerSizing.options(List.of(), 8, 4)).containsExactly("-XX:ActiveProcessorCount=1",
				"-XX:MaxRAMPercentage=9.4");
	}

	@Test
	void whatTheOptionsSetIsLeftAlone() {
		assertThat(WorkerSizing.options(List.of("-Xmx512m", "-XX:ActiveProcessorCount=4"), 2, 2)).isEmpty();
		assertThat(WorkerSizing.options(List.of("-XX:MaxRAMPercentage=50"), 4, 8))
			.containsExactly("-XX:ActiveProcessorCount=2");
		assertThat(WorkerSizing.options(List.of("-XX:MaxRAM=2g"), 4, 8)).containsExactly("-XX:ActiveProcessorCount=2");
	}

}
