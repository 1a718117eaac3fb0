package io.clusterboot.internal.master;

import io.clusterboot.internal.master.MasterAction.WorkerSignal;
import io.clusterboot.internal.posix.ErrnoException;
import io.clusterboot.internal.posix.Posix;

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
		if (!Posix.isAvailable()) {
			return false;
		}
		try {
			Posix.kill(pid, Posix.SIGQUIT);
			return true;
		}
		catch (ErrnoException ex) {
			return false;
		}
	}

}
