package io.clusterboot.internal.support;

import java.util.List;
import java.util.Map;

/**
 * The environment variables a JVM takes options from: {@code JAVA_TOOL_OPTIONS} (HotSpot),
 * {@code JDK_JAVA_OPTIONS} (the {@code java} launcher) and {@code _JAVA_OPTIONS}. Their
 * options are among the JVM's input arguments, which the master passes on to every JVM
 * it starts of its own command line (workers, the boot cache's training run, the JVM
 * that reads the configuration for a reload, the new master of an upgrade): left in
 * their environment too, each would take them twice, such as a Java agent that
 * {@code JAVA_TOOL_OPTIONS} names, loaded twice.
 *
 * @author ClusterBoot team
 */
public final class JvmOptionVariables {

	private static final List<String> NAMES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

	private JvmOptionVariables() {
	}

	/**
	 * Removes the variables from the environment of a JVM whose command line holds the
	 * options already.
	 * @param environment the environment
	 */
	public static void remove(Map<String, String> environment) {
		NAMES.forEach(environment::remove);
	}

}
