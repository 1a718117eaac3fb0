package io.clusterboot.internal.bootcache;

import java.nio.file.Path;
import java.util.List;

/**
 * How workers run the application: what a boot cache is made for.
 *
 * @param java the java command
 * @param jvmArguments the workers' JVM options
 * @param jar the jar the master runs, or {@code null} if it runs a main class
 * @param arguments the application's arguments
 * @author ClusterBoot team
 */
public record Application(String java, List<String> jvmArguments, Path jar, List<String> arguments) {

	/**
	 * Creates a new description.
	 * @param java the java command
	 * @param jvmArguments the workers' JVM options
	 * @param jar the jar the master runs, or {@code null}
	 * @param arguments the application's arguments
	 */
	public Application {
		jvmArguments = List.copyOf(jvmArguments);
		arguments = List.copyOf(arguments);
	}

}
