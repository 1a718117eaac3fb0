package io.clusterboot.internal.master;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * JVM options that raise HotSpot's thresholds for its optimizing (C2) compiler in the
 * workers tenfold, unless the options the workers run with, or the master's own JVM,
 * already choose how it compiles.
 * <p>
 * A Spring Boot start runs much code a few thousand times and never again (reading
 * classes, binding, proxies, ORM metadata), so at the default thresholds C2 spends about
 * as much CPU compiling it as the main thread spends running the start: measured on two
 * processors, a worker of the demo-store started from its class archive used 5.0 of its
 * 11.6 CPU seconds in the C2 thread, 4.6 in the main thread. That CPU is taken from the
 * start and, during a reload, from the workers that serve. With the thresholds ten times
 * as high such a worker was READY after 5.2 s instead of 6.2 s, with 9.3 CPU seconds
 * instead of 11.5, and it warmed up no slower under load ({@code bench/compiler.sh}): the
 * code that stays hot crosses the higher thresholds within seconds of traffic.
 *
 * @author ClusterBoot team
 */
final class WorkerCompilation {

	private static final int THRESHOLD_FACTOR = 10;

	/**
	 * The thresholds at which a method profiled by C1 is compiled by C2.
	 */
	private static final List<String> THRESHOLDS = List.of("Tier4InvocationThreshold", "Tier4MinInvocationThreshold",
			"Tier4CompileThreshold", "Tier4BackEdgeThreshold");

	/**
	 * Options that choose how HotSpot compiles: when any is set, the user tuned the JIT.
	 */
	private static final List<String> CHOICES = Stream
		.concat(THRESHOLDS.stream(),
				Stream.of("CompileThresholdScaling", "TieredStopAtLevel", "TieredCompilation", "CompilationMode"))
		.toList();

	private WorkerCompilation() {
	}

	/**
	 * Returns the options that raise the C2 thresholds of the workers, from the values
	 * of this JVM, which the workers share.
	 * @param jvmArguments the options the workers run with
	 * @return the options to add
	 */
	static List<String> options(List<String> jvmArguments) {
		return options(jvmArguments, WorkerCompilation::vmOption);
	}

	/**
	 * Returns the options that raise the C2 thresholds of the workers.
	 * @param jvmArguments the options the workers run with
	 * @param vmOptions this JVM's option of a name, or {@code null} if it has none (a JVM
	 * other than HotSpot)
	 * @return the options to add, none if the options or the JVM already choose how it
	 * compiles
	 */
	static List<String> options(List<String> jvmArguments, Function<String, VMOption> vmOptions) {
		if (CHOICES.stream().anyMatch((name) -> sets(jvmArguments, name) || chosen(vmOptions.apply(name)))) {
			return List.of();
		}
		List<VMOption> thresholds = THRESHOLDS.stream().map(vmOptions).toList();
		if (thresholds.contains(null)) {
			return List.of();
		}
		return thresholds.stream()
			.map((option) -> "-XX:" + option.getName() + "=" + Long.parseLong(option.getValue()) * THRESHOLD_FACTOR)
			.toList();
	}

	private static boolean sets(List<String> jvmArguments, String name) {
		return jvmArguments.stream()
			.anyMatch((argument) -> argument.equals("-XX:+" + name) || argument.equals("-XX:-" + name)
					|| argument.startsWith("-XX:" + name + "="));
	}

	private static boolean chosen(VMOption option) {
		return option != null && option.getOrigin() != VMOption.Origin.DEFAULT
				&& option.getOrigin() != VMOption.Origin.ERGONOMIC;
	}

	private static VMOption vmOption(String name) {
		try {
			HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			return (vm != null) ? vm.getVMOption(name) : null;
		}
		catch (IllegalArgumentException | LinkageError ex) {
			return null;
		}
	}

}
