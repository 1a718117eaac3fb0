package io.clusterboot.master;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker: the java command the master was started with, its JVM
 * options, the extra options for workers, the same jar or class path and main class, and
 * the same program arguments. A debugger agent is left out, since every worker would try
 * to listen on its port.
 *
 * @author ClusterBoot team
 */
final class WorkerCommand {

	private final List<String> command;

	WorkerCommand(String java, List<String> jvmArguments, String classPath, String javaCommand,
			List<String> extraJvmArguments, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(java);
		jvmArguments.stream().filter((argument) -> !isDebugAgent(argument)).forEach(command::add);
		command.addAll(extraJvmArguments);
		if (javaCommand.startsWith(classPath) && classPath.endsWith(".jar")) {
			command.add("-jar");
			command.add(classPath);
		}
		else {
			command.add("-cp");
			command.add(classPath);
			command.add(javaCommand.split(" ", 2)[0]);
		}
		command.addAll(arguments);
		this.command = List.copyOf(command);
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

	private static boolean isDebugAgent(String argument) {
		return argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp");
	}

	List<String> toList() {
		return this.command;
	}

}
