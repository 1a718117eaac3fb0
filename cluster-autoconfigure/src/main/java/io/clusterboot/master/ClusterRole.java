package io.clusterboot.master;

import java.util.Map;

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
	 * test, under DevTools' restarter, or without a servlet web server.
	 */
	SINGLE;

	private static final String[] TEST_PACKAGES = { "org.junit.", "org.springframework.boot.test.", "org.testng.",
			"io.cucumber." };

	private static final String TOMCAT = "org.apache.catalina.startup.Tomcat";

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
		if (!environment.getProperty("cluster.enabled", Boolean.class, true) || isTest()
				|| application.getMainApplicationClass() == null
				|| application.getWebApplicationType() != WebApplicationType.SERVLET
				|| !ClassUtils.isPresent(TOMCAT, application.getClassLoader())
				|| "restartedMain".equals(Thread.currentThread().getName())) {
			return SINGLE;
		}
		return MASTER;
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
