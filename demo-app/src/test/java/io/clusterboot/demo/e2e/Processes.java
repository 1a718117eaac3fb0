package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.clusterboot.internal.worker.WorkerIdentity;

/**
 * Operations on OS processes by {@link ProcessHandle}: liveness, signals, descendants.
 *
 * @author ClusterBoot team
 */
final class Processes {

	private static final Path PROC = Path.of("/proc");

	/** How long a process's environment may read empty while it is forked or exits. */
	private static final Duration ENVIRONMENT_SETTLE = Duration.ofSeconds(2);

	private Processes() {
	}

	/**
	 * Whether the process still runs. Unlike {@link ProcessHandle#isAlive()} a zombie
	 * counts as gone: a worker orphaned by a SIGKILLed master is re-parented to pid 1,
	 * and a pid 1 that does not reap (as in many containers) leaves it a zombie forever,
	 * which {@code isAlive()} still reports as alive.
	 * @param process the process
	 * @return whether it runs
	 */
	static boolean isRunning(ProcessHandle process) {
		if (!process.isAlive()) {
			return false;
		}
		char state = state(process.pid());
		return state != 'Z' && state != 'X';
	}

	/**
	 * Sends a signal. TERM and KILL go through {@link ProcessHandle#destroy()} and
	 * {@link ProcessHandle#destroyForcibly()} (SIGTERM and SIGKILL on POSIX), which check
	 * the process start time and so never hit a recycled pid; the others through
	 * {@code kill(1)}. {@link Process#destroy()} is never used on the master because it
	 * also closes our end of its output pipe and its last log lines would be lost.
	 * @param process the target
	 * @param signal the signal
	 */
	static void signal(ProcessHandle process, Signal signal) {
		if (!process.isAlive()) {
			throw new IllegalStateException("Cannot send SIG" + signal + " to pid " + process.pid() + ": not alive");
		}
		switch (signal) {
			case TERM -> process.destroy();
			case KILL -> process.destroyForcibly();
			default -> kill(process.pid(), signal);
		}
	}

	/**
	 * All descendants of a process at this moment (children, grandchildren...).
	 * @param process the ancestor
	 * @return its descendants
	 */
	static Set<ProcessHandle> descendants(ProcessHandle process) {
		return process.descendants().collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * The environment of a process, from {@code /proc/<pid>/environ}. It reads empty for a
	 * moment after the process's fork (before its exec) and while it exits, so an empty
	 * read is retried until the environment shows, the process is gone or 2 s passed.
	 * @param process the process
	 * @return its environment, empty if it has none to show
	 */
	static Map<String, String> environment(ProcessHandle process) {
		long deadline = System.nanoTime() + ENVIRONMENT_SETTLE.toNanos();
		while (true) {
			Map<String, String> environment = new LinkedHashMap<>();
			try {
				String text = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("environ"),
						StandardCharsets.UTF_8);
				for (String variable : text.split("\u0000")) {
					int equals = variable.indexOf('=');
					if (equals > 0) {
						environment.put(variable.substring(0, equals), variable.substring(equals + 1));
					}
				}
			}
			catch (IOException ex) {
				return environment;
			}
			if (!environment.isEmpty() || !isRunning(process) || System.nanoTime() > deadline) {
				return environment;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/**
	 * The path of the master's control socket, from a worker's environment.
	 * @param worker the pid of a worker
	 * @return the socket's path
	 */
	static Path controlSocket(long worker) {
		String socket = ProcessHandle.of(worker)
			.map(Processes::environment)
			.map((environment) -> environment.get(WorkerIdentity.CONTROL_SOCKET))
			.orElseThrow(() -> new AssertionError(
					"No " + WorkerIdentity.CONTROL_SOCKET + " in the environment of " + worker));
		return Path.of(socket);
	}

	/**
	 * Whether {@code child} is a direct child of {@code parent} right now.
	 * @param parent the parent
	 * @param child the pid of the child
	 * @return whether it is
	 */
	static boolean isChildOf(ProcessHandle parent, long child) {
		return parent.children().anyMatch((handle) -> handle.pid() == child);
	}

	private static void kill(long pid, Signal signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-s", signal.name(), Long.toString(pid))
				.redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS)) {
				kill.destroyForcibly();
				throw new IllegalStateException("kill -s " + signal + " " + pid + " did not finish");
			}
			String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (kill.exitValue() != 0) {
				throw new IllegalStateException("kill -s " + signal + " " + pid + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run kill(1)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + pid, ex);
		}
	}

	/**
	 * The state letter from {@code /proc/<pid>/stat} ('R', 'S', 'Z'...), or '?' where
	 * there is no procfs. A missing entry means the process is gone ('X').
	 */
	private static char state(long pid) {
		if (!Files.isDirectory(PROC)) {
			return '?';
		}
		try {
			String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
			// The command name in parentheses may itself contain spaces and ')'.
			int end = stat.lastIndexOf(')');
			return (end >= 0 && end + 2 < stat.length()) ? stat.charAt(end + 2) : '?';
		}
		catch (NoSuchFileException ex) {
			return 'X';
		}
		catch (IOException ex) {
			return '?';
		}
	}

}
