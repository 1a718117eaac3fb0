package io.clusterboot.internal.master;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link MasterMemory}.
 *
 * @author ClusterBoot team
 */
class MasterMemoryTests {

	@Test
	void trimShouldRestoreTheHeapFreeRatios() {
		HotSpotDiagnosticMXBean hotSpot = MasterMemory.hotSpot();
		assumeThat(hotSpot).isNotNull();
		String min = hotSpot.getVMOption(MasterMemory.MIN_HEAP_FREE_RATIO).getValue();
		String max = hotSpot.getVMOption(MasterMemory.MAX_HEAP_FREE_RATIO).getValue();
		MasterMemory.trim();
		assertThat(hotSpot.getVMOption(MasterMemory.MIN_HEAP_FREE_RATIO).getValue()).isEqualTo(min);
		assertThat(hotSpot.getVMOption(MasterMemory.MAX_HEAP_FREE_RATIO).getValue()).isEqualTo(max);
	}

	@Test
	void residentKilobytesOnLinuxShouldBePositive() {
		assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
		assertThat(MasterMemory.residentKilobytes()).isPositive();
	}

}
