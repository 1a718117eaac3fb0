package io.clusterboot.internal.master;

import io.clusterboot.internal.master.MasterAction.WorkerSignal;

/**
 * Sends signals to worker processes without forking a process: TERM and KILL through the
 * process handle (which also makes sure that the pid still names the process the master
 * started), QUIT through libc's {@code kill}, which the JDK has no API for. The master's
 * thread never waits on a {@code kill} command, which distroless images do not even
 * have.
 *
 * @author ClusterBoot team
 */
final class Signals {

	private Signals() {
	}

	/**
	 * Sends a signal to a process the master started, if it still runs.
	 * @param process the process
	 * @param signal the signal
	 * @return {@code false} if the signal could not be sent: QUIT without JNA or off
	 * Linux
	 */
	static boolean send(Process process, WorkerSignal signal) {
		ProcessHandle handle = process.toHandle();
		return switch (signal) {
			case TERM -> handle.destroy() || !handle.isAlive();
			case KILL -> handle.destroyForcibly() || !handle.isAlive();
			case QUIT -> !handle.isAlive() || quit(handle.pid());
		};
	}

	private static boolean quit(long pid) {
		try {
			return LibC.quit(pid);
		}
		catch (LinkageError ex) {
			// no JNA
			return false;
		}
	}

	/**
	 * libc's {@code kill} through JNA, in a class of its own so that the master runs
	 * without JNA.
	 */
	private static final class LibC {

		private static final int SIGQUIT = 3;

		private LibC() {
		}

		static boolean quit(long pid) {
			return com.sun.jna.Platform.isLinux() && com.sun.jna.Function.getFunction("c", "kill")
				.invokeInt(new Object[] { (int) pid, SIGQUIT }) == 0;
		}

	}

}
