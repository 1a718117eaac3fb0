package io.clusterboot.internal.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JVM options that size each worker for its share of the machine, unless the options
 * the workers run with already say: a JVM sizes its GC and JIT threads, its thread pools
 * and its default heap for the whole machine, and N workers would each claim all of it.
 * <ul>
 * <li>{@code -XX:ActiveProcessorCount}: the available processors divided among the
 * workers, rounded up (GC and compiler threads, {@code availableProcessors()} for pools
 * that size themselves by it).</li>
 * <li>{@code -XX:MaxRAMPercentage}: three quarters of the memory divided among the
 * workers, at most the JVM's default of 25 %, so that N workers never claim more than
 * the memory there is.</li>
 * </ul>
 *
 * @author ClusterBoot team
 */
final class WorkerSizing {

	private static final List<String> PROCESSOR_OPTIONS = List.of("-XX:ActiveProcessorCount");

	private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage",
			"-XX:MaxRAMFraction", "-XX:MaxRAM");

	private static final double MEMORY_SHARE = 75.0;

	private static final double DEFAULT_MAX_RAM_PERCENTAGE = 25.0;

	private WorkerSizing() {
	}

	/**
	 * Returns the options that size a worker, leaving out what the given options set.
	 * @param jvmArguments the options the workers run with
	 * @param workers the number of workers
	 * @param processors the processors available to the cluster
	 * @return the options to add
	 */
	static List<String> options(List<String> jvmArguments, int workers, int processors) {
		List<String> options = new ArrayList<>();
		if (!sets(jvmArguments, PROCESSOR_OPTIONS)) {
			options.add("-XX:ActiveProcessorCount=" + Math.max(1, (processors + workers - 1) / workers));
		}
		if (!sets(jvmArguments, HEAP_OPTIONS)) {
			double percentage = Math.min(DEFAULT_MAX_RAM_PERCENTAGE, MEMORY_SHARE / workers);
			options.add("-XX:MaxRAMPercentage=" + String.format(Locale.ROOT, "%.1f", percentage));
		}
		return options;
	}

	private static boolean sets(List<String> jvmArguments, List<String> prefixes) {
		return jvmArguments.stream().anyMatch((argument) -> prefixes.stream().anyMatch(argument::startsWith));
	}

}
