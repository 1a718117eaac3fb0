package io.clusterboot.internal.master;

import java.util.List;

import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the boot cache the workers of this command line would start from, instead of
 * running the cluster ({@code cluster.boot-cache.build-only}): the step of an image
 * build that prepares the cache the containers start their workers from.
 *
 * @author ClusterBoot team
 */
public final class BootCacheBuild {

	private static final Logger logger = LoggerFactory.getLogger(BootCacheBuild.class);

	private BootCacheBuild() {
	}

	/**
	 * Builds the boot cache.
	 * @param settings the start-up's settings
	 * @param managementPort whether the actuator has a port of its own
	 * @param args the application's arguments
	 * @return the exit code: 0 once the cache is ready, 1 if it cannot be built
	 */
	public static int run(StartupSettings settings, boolean managementPort, List<String> args) {
		WorkerCommand command = WorkerCommand.ofCurrentProcess(
				WorkerJvmOptions.of(settings.workerJvmArgs(), settings.workers(), managementPort), args);
		ClusterStatus.BootCache status = BootCache.prepare(settings.bootCache(), command.application());
		if (status.state() != BootCacheState.READY) {
			logger.error("The boot cache is {}: {}", status.state(), status.reason());
			return 1;
		}
		logger.info("Boot cache ready in {} for {} worker(s) with the JVM options {}", status.directory(),
				settings.workers(), command.jvmArguments());
		return 0;
	}

}
