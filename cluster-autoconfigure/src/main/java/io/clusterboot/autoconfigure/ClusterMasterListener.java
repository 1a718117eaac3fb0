package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.clusterboot.internal.master.BootCacheBuild;
import io.clusterboot.internal.master.ClusterConfiguration;
import io.clusterboot.internal.master.MasterSettings;
import io.clusterboot.internal.master.MasterRunner;
import io.clusterboot.internal.net.DescriptorServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns the launching JVM into the cluster's master once its configuration and logging
 * are ready, and never returns: the master binds the port, runs the workers and exits the
 * JVM when the cluster stops, so the application context is never built in the master.
 * Here the JVM's role is decided, and the {@code cluster.*} settings are bound, checked
 * and resolved into the records the master runs on ({@link InternalSettings}), once:
 * invalid settings (more workers than the maximum among them) and a management port of
 * its own where sockets cannot be passed fail here, before any worker is forked, with
 * Spring Boot's failure analysis. The same checks make a JVM that a reload starts to read
 * the settings of the jar on disk fail, or write them for the master; a JVM asked only to
 * build the boot cache builds it and exits.
 *
 * @author ClusterBoot team
 */
class ClusterMasterListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	/**
	 * Runs after the configuration is loaded and logging is initialized.
	 */
	static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 10;

	private static final Logger logger = LoggerFactory.getLogger(ClusterMasterListener.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		// a JVM that reads the configuration for a reload does so whatever the new jar sets
		String configurationOutput = System.getenv(ClusterConfiguration.OUTPUT_VARIABLE);
		if (configurationOutput == null
				&& ClusterRole.of(event.getSpringApplication(), environment, System.getenv()) != ClusterRole.MASTER) {
			return;
		}
		ClusterProperties properties = Binder.get(environment).bindOrCreate("cluster", ClusterProperties.class);
		checkWorkerCount(properties);
		Integer managementPort = InternalSettings.managementPort(environment);
		if (managementPort != null && !DescriptorServer.isSupported()) {
			throw new ManagementPortException(managementPort);
		}
		if (configurationOutput != null) {
			System.exit(writeConfiguration(InternalSettings.master(properties), Path.of(configurationOutput)));
		}
		List<String> args = List.of(event.getArgs());
		if (properties.getBootCache().isBuildOnly()) {
			System.exit(BootCacheBuild.run(InternalSettings.startup(properties), managementPort != null, args));
		}
		int exitCode;
		try {
			exitCode = MasterRunner.run(InternalSettings.master(properties), InternalSettings.startup(properties),
					InternalSettings.launch(environment, managementPort, args));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cluster master failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exitCode = 1;
		}
		System.exit(exitCode);
	}

	/**
	 * Writes the cluster's settings for the master that reloads to this jar, and returns
	 * the exit code: they are valid, since they were bound and checked as the master's.
	 */
	private static int writeConfiguration(MasterSettings settings, Path file) {
		try {
			ClusterConfiguration.write(settings, file);
			return 0;
		}
		catch (IOException ex) {
			logger.error("Could not write the configuration to {}", file, ex);
			return 1;
		}
	}

	private static void checkWorkerCount(ClusterProperties properties) {
		if (properties.resolveWorkerCount() > properties.resolveMaxWorkers()) {
			throw new WorkersAboveMaximumException(properties.resolveWorkerCount(), properties.resolveMaxWorkers());
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
