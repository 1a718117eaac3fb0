package io.clusterboot.internal.worker;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerScheduling}'s rules: where the kernel's autogroups apply, from
 * {@code /proc/self/cgroup} as the hosts, services and containers show it, and the nice
 * value a serving worker takes there.
 *
 * @author ClusterBoot team
 */
class WorkerSchedulingTests {

	@Test
	void plainHostOfCgroupV1OrAHybridHierarchyIsTheRootGroup() {
		assertThat(WorkerScheduling.isInRootCpuGroup(List.of("4:memory:/user.slice", "2:cpu,cpuacct:/", "0::/"),
				cpuWeightIn())).isTrue();
	}

	@Test
	void cpuCgroupOfCgroupV1IsNot() {
		assertThat(WorkerScheduling.isInRootCpuGroup(List.of("2:cpu,cpuacct:/docker/4f2a", "0::/"),
				cpuWeightIn())).isFalse();
	}

	@Test
	void rootOfCgroupV2IsTheRootGroup() {
		assertThat(WorkerScheduling.isInRootCpuGroup(List.of("0::/"), cpuWeightIn())).isTrue();
	}

	@Test
	void systemdServiceWithTheCpuControllerIsNot() {
		assertThat(WorkerScheduling.isInRootCpuGroup(List.of("0::/system.slice/app.service"),
				cpuWeightIn("/system.slice/app.service"))).isFalse();
	}

	@Test
	void systemdServiceWithoutTheCpuControllerIsScheduledInTheRootGroup() {
		assertThat(WorkerScheduling.isInRootCpuGroup(List.of("0::/system.slice/app.service"), cpuWeightIn()))
			.isTrue();
	}

	@Test
	void containerSeenFromItsCgroupNamespaceIsNot() {
		assertThat(WorkerScheduling.isInRootCpuGroup(List.of("0::/"), cpuWeightIn("/"))).isFalse();
	}

	@Test
	void autoServingNiceIsTenForAnAutogroupAndFifteenForEachThreadInACgroup() {
		assertThat(WorkerScheduling.servingNice("auto", true)).isEqualTo(10);
		assertThat(WorkerScheduling.servingNice("AUTO", false)).isEqualTo(15);
		assertThat(WorkerScheduling.servingNice("7", true)).isEqualTo(7);
		assertThat(WorkerScheduling.servingNice("7", false)).isEqualTo(7);
		assertThat(WorkerScheduling.servingNice("0", false)).isZero();
	}

	private static Predicate<String> cpuWeightIn(String... paths) {
		return Set.of(paths)::contains;
	}

}
