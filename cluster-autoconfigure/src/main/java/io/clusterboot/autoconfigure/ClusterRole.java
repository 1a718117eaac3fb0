package io.clusterboot.autoconfigure;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.clusterboot.internal.bootcache.BootCache;
import io.clusterboot.internal.worker.WorkerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The role of a process that runs the application: master, worker or single.
 *
 * @author ClusterBoot team
 */
enum ClusterRole {

	/**
	 * Owns the port and supervises workers; never builds the application context.
	 */
	MASTER,

	/**
	 * Started by the master; runs the application on the cluster's socket.
	 */
	WORKER,

	/**
	 * A plain Spring Boot process: the cluster is disabled, or the application runs in a
	 * test, as the boot cache's training run, without a web server the workers can run on
	 * the cluster's socket (Tomcat or Jetty, or Reactor Netty for a reactive
	 * application), or in development (under a debugger or with DevTools, unless
	 * {@code cluster.development-mode} is {@code cluster}; always under DevTools'
	 * restarter).
	 */
	SINGLE;

	private static final Logger logger = LoggerFactory.getLogger(ClusterRole.class);

	/**
	 * Whether the role of a development run was explained: once per JVM, which DevTools'
	 * restarter runs the application in again and again.
	 */
	private static final AtomicBoolean developmentExplained = new AtomicBoolean();

	private static final String[] TEST_PACKAGES = { "org.junit.", "org.springframework.boot.test.", "org.testng.",
			"io.cucumber." };

	private static final String[] SERVLET_SERVERS = { "org.apache.catalina.startup.Tomcat",
			"org.eclipse.jetty.server.Server" };

	private static final String[] REACTIVE_SERVERS = { "reactor.netty.http.server.HttpServer",
			"org.apache.catalina.startup.Tomcat", "org.eclipse.jetty.server.Server" };

	/**
	 * Works out the role of this process, and explains it in the log once where it is a
	 * development run ({@link DevelopmentRun}).
	 * @param application the application being run
	 * @param environment its environment
	 * @param systemEnvironment the process environment
	 * @return the role
	 */
	static ClusterRole of(SpringApplication application, Environment environment,
			Map<String, String> systemEnvironment) {
		if (systemEnvironment.containsKey(WorkerIdentity.ID)) {
			return WORKER;
		}
		if (!environment.getProperty("cluster.enabled", Boolean.class, true)
				|| systemEnvironment.containsKey(BootCache.TRAINING_ENVIRONMENT) || isTest()
				|| application.getMainApplicationClass() == null || !hasClusterableWebServer(application)) {
			return SINGLE;
		}
		DevelopmentRun development = DevelopmentRun.ofCurrentProcess(application);
		if (development == null) {
			return MASTER;
		}
		ClusterProperties.DevelopmentMode mode = Binder.get(environment)
			.bindOrCreate("cluster", ClusterProperties.class)
			.getDevelopmentMode();
		if (developmentExplained.compareAndSet(false, true)) {
			logger.atLevel(development.level(mode)).log(development.explain(mode));
		}
		return development.role(mode);
	}

	private static boolean hasClusterableWebServer(SpringApplication application) {
		String[] servers = switch (application.getWebApplicationType()) {
			case SERVLET -> SERVLET_SERVERS;
			case REACTIVE -> REACTIVE_SERVERS;
			case NONE -> new String[0];
		};
		for (String server : servers) {
			if (ClassUtils.isPresent(server, application.getClassLoader())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isTest() {
		for (StackTraceElement element : Thread.currentThread().getStackTrace()) {
			for (String prefix : TEST_PACKAGES) {
				if (element.getClassName().startsWith(prefix)) {
					return true;
				}
			}
		}
		return false;
	}

}
