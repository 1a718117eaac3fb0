package io.clusterboot.autoconfigure;

import java.net.InetAddress;
import java.util.List;

import io.clusterboot.internal.bootcache.BootCacheSettings;
import io.clusterboot.internal.master.LaunchEnvironment;
import io.clusterboot.internal.master.MasterSettings;
import io.clusterboot.internal.master.StartupSettings;
import io.clusterboot.internal.session.SessionStoreSettings;

import org.springframework.core.env.Environment;

/**
 * Resolves what Spring bound and read into the immutable records the internal master
 * runs on, so that nothing under {@code io.clusterboot.internal} reads the binding bean
 * or the environment: the {@code cluster.*} settings of the start-up, and the server's
 * and the management server's addresses and the arguments.
 *
 * @author ClusterBoot team
 */
final class InternalSettings {

	private static final int DEFAULT_SERVER_PORT = 8080;

	private InternalSettings() {
	}

	/**
	 * Returns the settings of the master's start-up.
	 * @param properties the bound and checked settings
	 * @return the start-up's settings
	 */
	static StartupSettings startup(ClusterProperties properties) {
		ClusterProperties.Worker worker = properties.getWorker();
		return new StartupSettings(properties.resolveWorkerCount(), worker.getJvmArgs(), properties.getPidFile(),
				worker.isOwnSchedulingGroup() ? worker.getServingNice() : null, properties.getStartupTimeout(),
				bootCache(properties.getBootCache()), sessions(properties.getSessions()));
	}

	/**
	 * Returns the settings the master's rules follow: resolved once, when the master
	 * starts and each time a reload reads the configuration of the application on disk.
	 * @param properties the bound and checked settings
	 * @return the rules' settings
	 */
	static MasterSettings master(ClusterProperties properties) {
		ClusterProperties.Recycle recycle = properties.getRecycle();
		ClusterProperties.Restart restart = properties.getRestart();
		ClusterProperties.Worker.Debug debug = properties.getWorker().getDebug();
		return new MasterSettings(properties.resolveWorkerCount(), properties.resolveMaxWorkers(),
				properties.resolveMaxStarting(), properties.getStartupTimeout(), properties.getHeartbeat().getTimeout(),
				properties.getProcessKillTimeout(), properties.getReload().getBatchSize(),
				new MasterSettings.Recycle(recycle.getMaxRequests(), recycle.getMaxRequestsJitter(),
						(recycle.getMaxMemory() != null) ? recycle.getMaxMemory().toBytes() : null),
				new MasterSettings.Restart(restart.getInitialDelay(), restart.getMaxDelay(), restart.getMinUptime()),
				new MasterSettings.Debug(debug.getPort(), debug.getAddress()), properties.getWorker().getJvmArgs());
	}

	/**
	 * Returns the boot cache's settings.
	 * @param bootCache the bound {@code cluster.boot-cache.*}
	 * @return the settings
	 */
	static BootCacheSettings bootCache(ClusterProperties.BootCache bootCache) {
		return new BootCacheSettings(bootCache.isEnabled(), bootCache.resolveDirectory(),
				bootCache.getTrainingTimeout());
	}

	/**
	 * Returns the bounds of the session store the master keeps for the workers.
	 * @param sessions the bound {@code cluster.sessions.*}
	 * @return the bounds, or {@code null} when the master keeps no sessions
	 */
	static SessionStoreSettings sessions(ClusterProperties.Sessions sessions) {
		return sessions.isEnabled() ? new SessionStoreSettings(sessions.getMaxSize().toBytes(),
				(int) sessions.getMaxSessionSize().toBytes(),
				sessions.isPersistent() ? sessions.resolveStoreDir(System.getenv()) : null) : null;
	}

	/**
	 * Returns what the launching JVM's configuration says of the servers, and its
	 * arguments.
	 * @param environment the launching JVM's environment
	 * @param managementPort the management port when the actuator has a port of its own,
	 * or {@code null}
	 * @param args the application's arguments
	 * @return the launch environment
	 */
	static LaunchEnvironment launch(Environment environment, Integer managementPort, List<String> args) {
		return new LaunchEnvironment(environment.getProperty("server.address", InetAddress.class),
				serverPort(environment), environment.getProperty("management.server.address", InetAddress.class),
				managementPort, args);
	}

	/**
	 * Returns the management port when the actuator has a port of its own, by Spring
	 * Boot's rule ({@code ManagementPortType.DIFFERENT}): set, not negative, and 0 or
	 * other than the server port.
	 * @param environment the launching JVM's environment
	 * @return the port, or {@code null} when the actuator shares the server port
	 */
	static Integer managementPort(Environment environment) {
		Integer port = environment.getProperty("management.server.port", Integer.class);
		if (port == null || port < 0 || (port != 0 && port == serverPort(environment))) {
			return null;
		}
		return port;
	}

	private static int serverPort(Environment environment) {
		return environment.getProperty("server.port", Integer.class, DEFAULT_SERVER_PORT);
	}

}
