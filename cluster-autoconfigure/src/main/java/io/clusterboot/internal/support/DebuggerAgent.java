package io.clusterboot.internal.support;

import java.nio.file.Path;

/**
 * The debugger agent, JDWP, among a JVM's options: a JVM that has it is a development
 * run, and the master leaves it out of the workers' options, since every worker would
 * try to listen on its port.
 *
 * @author ClusterBoot team
 */
public final class DebuggerAgent {

	private DebuggerAgent() {
	}

	/**
	 * Returns whether a JVM option loads the debugger agent: {@code -agentlib:jdwp}
	 * (what IntelliJ IDEA, Eclipse, VS Code and NetBeans add), the older
	 * {@code -Xrunjdwp}, or {@code -agentpath:} to its library.
	 * @param jvmArgument the option
	 * @return whether it does
	 */
	public static boolean isOption(String jvmArgument) {
		if (jvmArgument.startsWith("-agentpath:")) {
			String library = jvmArgument.substring("-agentpath:".length()).split("=", 2)[0];
			Path fileName = Path.of(library).getFileName();
			return fileName != null && fileName.toString().contains("jdwp");
		}
		return jvmArgument.equals("-agentlib:jdwp") || jvmArgument.startsWith("-agentlib:jdwp=")
				|| jvmArgument.startsWith("-Xrunjdwp");
	}

}
