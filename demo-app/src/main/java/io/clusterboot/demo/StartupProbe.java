package io.clusterboot.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs the pid of every process that builds the application context, and fails the
 * start when {@code demo.fail-on-start} is set, or in the worker whose slot is
 * {@code demo.fail-on-start-worker}.
 *
 * @author ClusterBoot team
 */
@Component
class StartupProbe {

	private static final Logger logger = LoggerFactory.getLogger(StartupProbe.class);

	StartupProbe(DemoProperties properties, Environment environment) {
		logger.info("Demo application context created in pid {}", ProcessHandle.current().pid());
		if (properties.isFailOnStart()) {
			throw new IllegalStateException("Demo application failed on start because demo.fail-on-start=true");
		}
		Integer slot = environment.getProperty("cluster.worker.slot", Integer.class);
		if (slot != null && slot.equals(properties.getFailOnStartWorker())) {
			throw new IllegalStateException(
					"Demo application failed on start because demo.fail-on-start-worker=" + slot);
		}
	}

}
