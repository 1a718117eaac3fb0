package io.clusterboot.autoconfigure;

import java.lang.management.ManagementFactory;
import java.util.List;

import io.clusterboot.autoconfigure.ClusterProperties.DevelopmentMode;
import io.clusterboot.internal.support.DebuggerAgent;

import org.slf4j.event.Level;
import org.springframework.boot.SpringApplication;
import org.springframework.util.ClassUtils;

/**
 * A launching JVM that a developer runs, where a master and its workers would be in the
 * way: one with a debugger agent among its JVM options (what an IDE's Debug adds, or
 * {@code -agentlib:jdwp} for a remote debugger), whose breakpoints in the application's
 * code would never be hit since only workers run it, or one with Spring Boot DevTools
 * that runs the application from its classes rather than from a packaged jar (DevTools'
 * own rule for a development run).
 *
 * @param cause what makes it one
 * @param agent the debugger agent's option, or {@code null}
 * @author ClusterBoot team
 */
record DevelopmentRun(Cause cause, String agent) {

	private static final String DEVTOOLS_RESTARTER = "org.springframework.boot.devtools.restart.Restarter";

	private static final String RESTARTED_THREAD = "restartedMain";

	private static final String FORCE = "cluster.development-mode=cluster";

	private static final String WORKER_DEBUGGER = "cluster.worker.debug.port gives each worker a debugger of its own";

	/**
	 * Looks at this JVM.
	 * @param application the application being run
	 * @return the development run, or {@code null} if it is none
	 */
	static DevelopmentRun ofCurrentProcess(SpringApplication application) {
		ClassLoader classLoader = application.getClassLoader();
		return of(ManagementFactory.getRuntimeMXBean().getInputArguments(), Thread.currentThread().getName(),
				ClassUtils.isPresent(DEVTOOLS_RESTARTER, classLoader),
				classLoader == ClassLoader.getSystemClassLoader());
	}

	/**
	 * Tells whether a JVM is a development run.
	 * @param jvmArguments its JVM options
	 * @param threadName the name of the thread that runs the application
	 * @param devTools whether Spring Boot DevTools is on the class path
	 * @param fromClasses whether the application's class loader is the JVM's own, as when
	 * an IDE or a build tool runs it from its classes, rather than that of a packaged jar
	 * @return the development run, or {@code null} if it is none
	 */
	static DevelopmentRun of(List<String> jvmArguments, String threadName, boolean devTools, boolean fromClasses) {
		if (RESTARTED_THREAD.equals(threadName)) {
			return new DevelopmentRun(Cause.DEVTOOLS_RESTART, null);
		}
		for (String argument : jvmArguments) {
			if (DebuggerAgent.isOption(argument)) {
				return new DevelopmentRun(Cause.DEBUGGER, argument);
			}
		}
		return (devTools && fromClasses) ? new DevelopmentRun(Cause.DEVTOOLS, null) : null;
	}

	/**
	 * Returns the role of the JVM: single unless the settings ask for the cluster, and
	 * single whatever they ask under DevTools' restarter, which runs the application
	 * again in the same JVM, where a new master would find the port taken by the last.
	 * @param mode {@code cluster.development-mode}
	 * @return {@link ClusterRole#SINGLE} or {@link ClusterRole#MASTER}
	 */
	ClusterRole role(DevelopmentMode mode) {
		return (this.cause == Cause.DEVTOOLS_RESTART || mode == DevelopmentMode.SINGLE) ? ClusterRole.SINGLE
				: ClusterRole.MASTER;
	}

	/**
	 * Returns the level of the line that explains the role: a warning where a debugger
	 * keeps the configured cluster from running, which a remote debugger of a server
	 * could do unawares.
	 * @param mode {@code cluster.development-mode}
	 * @return the level
	 */
	Level level(DevelopmentMode mode) {
		return (this.cause == Cause.DEBUGGER && role(mode) == ClusterRole.SINGLE) ? Level.WARN : Level.INFO;
	}

	/**
	 * Explains the role in one line: why, and how to have the other.
	 * @param mode {@code cluster.development-mode}
	 * @return the line
	 */
	String explain(DevelopmentMode mode) {
		return switch (this.cause) {
			case DEVTOOLS_RESTART -> "Spring Boot DevTools restarts the application in this JVM (thread "
					+ RESTARTED_THREAD + "): it runs in this process, without workers, since a master would keep "
					+ "the port through a restart. To run the master and its workers, turn the restart off "
					+ "(-Dspring.devtools.restart.enabled=false) and set " + FORCE;
			case DEBUGGER -> "A debugger agent is among the JVM options (" + this.agent + ")"
					+ ((mode == DevelopmentMode.SINGLE)
							? ": the application runs in this process, without workers, so that the debugger stops "
									+ "at its breakpoints. Set " + FORCE + " to run the master and its workers ("
									+ WORKER_DEBUGGER + ")"
							: " and " + FORCE + ": the master runs its workers without that agent, so the debugger "
									+ "stops in the master's code only (" + WORKER_DEBUGGER + ")");
			case DEVTOOLS -> "Spring Boot DevTools is on the class path of an application run from its classes"
					+ ((mode == DevelopmentMode.SINGLE)
							? ": the application runs in this process, without workers. Set " + FORCE
									+ " to run the master and its workers"
							: " and " + FORCE + ": the master runs its workers");
		};
	}

	/**
	 * What makes a JVM a development run.
	 */
	enum Cause {

		/**
		 * A debugger agent among its JVM options.
		 */
		DEBUGGER,

		/**
		 * DevTools' restarter runs the application, in a thread of its own.
		 */
		DEVTOOLS_RESTART,

		/**
		 * DevTools on the class path of an application run from its classes, with the
		 * restart off (or an agent that reloads classes instead).
		 */
		DEVTOOLS

	}

}
