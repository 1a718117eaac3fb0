package io.clusterboot.internal.master;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.clusterboot.internal.net.DescriptorServer;

/**
 * The extra JVM options of the workers: the configured ones, those that size each worker
 * for its share of the machine ({@link WorkerSizing}) and those that keep the C2
 * compiler off the start's code ({@link WorkerCompilation}), unless the options already
 * choose them, and with a management port of its own the one that lets a worker serve
 * the passed socket. The boot cache is keyed by the options, so a cache built ahead has
 * them too.
 *
 * @author ClusterBoot team
 */
final class WorkerJvmOptions {

	private WorkerJvmOptions() {
	}

	/**
	 * Returns the extra options of the workers of this JVM's command line.
	 * @param configured the configured options ({@code cluster.worker.jvm-args})
	 * @param workers the number of workers
	 * @param managementPort whether the actuator has a port of its own
	 * @return the options
	 */
	static List<String> of(List<String> configured, int workers, boolean managementPort) {
		List<String> all = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
		all.addAll(configured);
		List<String> options = new ArrayList<>(configured);
		options.addAll(WorkerSizing.options(all, workers, Runtime.getRuntime().availableProcessors()));
		options.addAll(WorkerCompilation.options(all));
		if (managementPort) {
			options.add(DescriptorServer.CHANNEL_JVM_OPTION);
		}
		return options;
	}

}
