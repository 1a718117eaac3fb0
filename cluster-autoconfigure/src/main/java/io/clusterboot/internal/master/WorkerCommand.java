package io.clusterboot.internal.master;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.clusterboot.internal.bootcache.Application;
import io.clusterboot.internal.support.DebuggerAgent;

/**
 * The command line of a worker: the java command the master was started with, its JVM
 * options, the extra options for workers, the same jar or class path and main class, and
 * the same program arguments. The master's debugger agent is left out, since every
 * worker would try to listen on its port; a worker may get one of its own
 * ({@link DebugAddress}).
 *
 * @author ClusterBoot team
 */
final class WorkerCommand {

	private final String java;

	private final List<String> jvmArguments;

	private final Path jar;

	private final List<String> classPathAndMain;

	private final List<String> arguments;

	WorkerCommand(String java, List<String> jvmArguments, String classPath, String javaCommand,
			List<String> extraJvmArguments, List<String> arguments) {
		this.java = java;
		List<String> options = new ArrayList<>();
		jvmArguments.stream().filter((argument) -> !DebuggerAgent.isOption(argument)).forEach(options::add);
		options.addAll(extraJvmArguments);
		this.jvmArguments = List.copyOf(options);
		boolean runsJar = javaCommand.startsWith(classPath) && classPath.endsWith(".jar");
		this.jar = runsJar ? Path.of(classPath) : null;
		this.classPathAndMain = runsJar ? List.of() : List.of("-cp", classPath, javaCommand.split(" ", 2)[0]);
		this.arguments = List.copyOf(arguments);
	}

	/**
	 * Describes how this JVM was started.
	 * @param extraJvmArguments options to add for workers
	 * @param arguments the application's arguments
	 * @return the worker command
	 */
	static WorkerCommand ofCurrentProcess(List<String> extraJvmArguments, List<String> arguments) {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
		return new WorkerCommand(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
				System.getProperty("java.class.path"), System.getProperty("sun.java.command", ""), extraJvmArguments,
				arguments);
	}

	/**
	 * Returns the worker's JVM options: the master's and the extra ones.
	 * @return the options
	 */
	List<String> jvmArguments() {
		return this.jvmArguments;
	}

	/**
	 * Returns the jar the master runs with {@code -jar}.
	 * @return the jar, or {@code null} if the master runs a main class
	 */
	Path jar() {
		return this.jar;
	}

	/**
	 * Returns what tells the application from others on this host: the jar's path as the
	 * master was started with it (a deploy that swaps a link keeps it), or the main class
	 * and class path.
	 * @return the application's key
	 */
	String applicationKey() {
		return (this.jar != null) ? this.jar.toAbsolutePath().toString() : String.join(" ", this.classPathAndMain);
	}

	/**
	 * Returns how the boot cache sees this command.
	 * @return the application the command runs
	 */
	Application application() {
		return new Application(this.java, this.jvmArguments, this.jar, this.arguments);
	}

	List<String> toList() {
		return toList(List.of());
	}

	/**
	 * Returns the command with more JVM options.
	 * @param addedJvmArguments options to add after the worker's
	 * @return the command
	 */
	List<String> toList(List<String> addedJvmArguments) {
		return (this.jar != null) ? withJar(this.jar, addedJvmArguments)
				: command(this.classPathAndMain, addedJvmArguments);
	}

	/**
	 * Returns the command that runs another jar, with more JVM options: a worker started
	 * from the boot cache runs the extracted copy of the master's jar.
	 * @param jar the jar to run
	 * @param addedJvmArguments options to add after the worker's
	 * @return the command
	 */
	List<String> withJar(Path jar, List<String> addedJvmArguments) {
		return command(List.of("-jar", jar.toString()), addedJvmArguments);
	}

	private List<String> command(List<String> application, List<String> addedJvmArguments) {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(this.jvmArguments);
		command.addAll(addedJvmArguments);
		command.addAll(application);
		command.addAll(this.arguments);
		return command;
	}

}
