package io.clusterboot.internal.master;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerCompilation}.
 *
 * @author ClusterBoot team
 */
class WorkerCompilationTests {

	private final Map<String, VMOption> hotSpot = new HashMap<>();

	WorkerCompilationTests() {
		vmOption("Tier4InvocationThreshold", "5000", Origin.DEFAULT);
		vmOption("Tier4MinInvocationThreshold", "600", Origin.DEFAULT);
		vmOption("Tier4CompileThreshold", "15000", Origin.DEFAULT);
		vmOption("Tier4BackEdgeThreshold", "40000", Origin.DEFAULT);
		vmOption("CompileThresholdScaling", "1.000000", Origin.DEFAULT);
		vmOption("TieredStopAtLevel", "4", Origin.DEFAULT);
		vmOption("TieredCompilation", "true", Origin.ERGONOMIC);
		vmOption("CompilationMode", "default", Origin.DEFAULT);
	}

	@Test
	void workersGetTheC2ThresholdsOfThisJvmTenfold() {
		assertThat(WorkerCompilation.options(List.of("-Xmx512m"), this.hotSpot::get)).containsExactly(
				"-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
				"-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");
	}

	@Test
	void optionsThatChooseHowTheJvmCompilesLeaveItAlone() {
		for (String option : List.of("-XX:Tier4CompileThreshold=20000", "-XX:TieredStopAtLevel=1",
				"-XX:-TieredCompilation", "-XX:+TieredCompilation", "-XX:CompileThresholdScaling=0.5",
				"-XX:CompilationMode=high-only")) {
			assertThat(WorkerCompilation.options(List.of(option), this.hotSpot::get)).as(option).isEmpty();
		}
		assertThat(WorkerCompilation.options(List.of("-XX:Tier4CompileThresholdX=1"), this.hotSpot::get)).hasSize(4);
	}

	@Test
	void aChoiceMadeOutsideTheOptionsLeavesItAlone() {
		vmOption("TieredStopAtLevel", "1", Origin.ENVIRON_VAR);
		assertThat(WorkerCompilation.options(List.of(), this.hotSpot::get)).isEmpty();
	}

	@Test
	void aJvmWithoutTheThresholdsGetsNone() {
		this.hotSpot.remove("Tier4BackEdgeThreshold");
		assertThat(WorkerCompilation.options(List.of(), this.hotSpot::get)).isEmpty();
	}

	@Test
	void thisJvmHasTheThresholds() {
		assertThat(WorkerCompilation.options(List.of())).hasSize(4)
			.allMatch((option) -> option.startsWith("-XX:Tier4"));
	}

	private void vmOption(String name, String value, Origin origin) {
		this.hotSpot.put(name, new VMOption(name, value, false, origin));
	}

}
