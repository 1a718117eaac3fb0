package io.clusterboot.master;

import java.util.Map;

import io.clusterboot.bootcache.BootCache;
import io.clusterboot.worker.WorkerIdentity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The role of a process that runs the application: master, worker or single.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public enum ClusterRole {

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
	 * test, under DevTools' restarter, as the boot cache's training run, or without a web
	 * server the workers can run on the cluster's socket (Tomcat or Jetty, or Reactor
	 * Netty for a reactive application).
	 */
	SINGLE;

	private static final String[] TEST_PACKAGES = { "org.junit.", "org.springframework.boot.test.", "org.testng.",
			"io.cucumber." };

	private static final String[] SERVLET_SERVERS = { "org.apache.catalina.startup.Tomcat",
			"org.eclipse.jetty.server.Server" };

	private static final String[] REACTIVE_SERVERS = { "reactor.netty.http.server.HttpServer",
			"org.apache.catalina.startup.Tomcat", "org.eclipse.jetty.server.Server" };

	/**
	 * Works out the role of this process.
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
				|| application.getMainApplicationClass() == null
				|| !hasClusterableWebServer(application)
				|| "restartedMain".equals(Thread.currentThread().getName())) {
			return SINGLE;
		}
		return MASTER;
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
