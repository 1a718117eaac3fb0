package io.clusterboot.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a starting worker its share of the CPU while the others serve a saturating load.
 * The kernel shares the CPU between threads within a scheduling group, and a booting
 * JVM's few threads lose to the dozens of busy request threads of the workers that
 * serve (measured: a reload of 2 workers under load took 8 times as long as without).
 * <ul>
 * <li>Each worker starts a session of its own as its application starts. Where the
 * kernel's autogroups apply (a plain host: the worker is in the root cpu cgroup), that
 * is a scheduling group of its own: every worker gets the same share of the CPU, however
 * many threads it runs.</li>
 * <li>Once ready, a worker lowers its priority by the nice value the master passes (by
 * default 2 for its autogroup, 10 for its threads): that of its autogroup where
 * autogroups apply, else (inside a container's cgroup, where nothing but the cluster
 * competes) that of each of its threads, which threads it starts later inherit. A worker that starts then gets more of the CPU than one that serves,
 * and none starves: a lower priority is a smaller share, not none.</li>
 * </ul>
 * Neither needs a privilege: a process may always start a session, and lower its own
 * priority.
 *
 * @author ClusterBoot team
 */
final class WorkerScheduling {

	private static final Logger logger = LoggerFactory.getLogger(WorkerScheduling.class);

	private static final Path AUTOGROUP = Path.of("/proc/self/autogroup");

	private static final Path CGROUP = Path.of("/proc/self/cgroup");

	private static final Path TASKS = Path.of("/proc/self/task");

	private static final int AUTOGROUP_NICE = 2;

	private static final int THREAD_NICE = 10;

	private WorkerScheduling() {
	}

	/**
	 * Starts a session of its own for this worker, if the master asked for it.
	 */
	static void startOwnGroup() {
		if (System.getenv(WorkerIdentity.SERVING_NICE) != null) {
			try {
				LibC.setsid();
			}
			catch (LinkageError | RuntimeException ex) {
				// no JNA: the worker shares its group
			}
		}
	}

	/**
	 * Lowers this worker's priority, once it serves, if the master asked for it.
	 */
	static void lowerPriority() {
		String nice = System.getenv(WorkerIdentity.SERVING_NICE);
		if (nice == null) {
			return;
		}
		try {
			boolean auto = WorkerIdentity.AUTO_NICE.equals(nice);
			if (hasOwnAutogroup()) {
				Files.writeString(AUTOGROUP, auto ? Integer.toString(AUTOGROUP_NICE) : nice);
			}
			else {
				reniceThreads(auto ? THREAD_NICE : Integer.parseInt(nice));
			}
		}
		catch (IOException | LinkageError | RuntimeException ex) {
			logger.debug("Could not lower this worker's priority", ex);
		}
	}

	/**
	 * Returns whether the kernel schedules this process in an autogroup: autogroups
	 * apply only to processes in the root cpu cgroup.
	 */
	private static boolean hasOwnAutogroup() throws IOException {
		if (!Files.isWritable(AUTOGROUP)) {
			return false;
		}
		List<String> groups = Files.readAllLines(CGROUP);
		return groups.stream()
			.filter((line) -> line.startsWith("0::") || line.matches("\\d+:[^:]*\\bcpu\\b[^:]*:.*"))
			.allMatch((line) -> line.endsWith(":/"));
	}

	private static void reniceThreads(int nice) throws IOException {
		if (nice <= 0) {
			return;
		}
		try (Stream<Path> tasks = Files.list(TASKS)) {
			tasks.map((task) -> Integer.parseInt(task.getFileName().toString()))
				.forEach((tid) -> LibC.setpriority(tid, nice));
		}
	}

	/**
	 * libc through JNA, in a class of its own so that workers run without JNA.
	 */
	private static final class LibC {

		private static final int PRIO_PROCESS = 0;

		private LibC() {
		}

		static void setsid() {
			if (com.sun.jna.Platform.isLinux()) {
				com.sun.jna.Function.getFunction("c", "setsid").invokeInt(new Object[0]);
			}
		}

		/**
		 * Sets the nice value of one thread: on Linux, {@code setpriority} with a thread
		 * id acts on that thread only.
		 */
		static void setpriority(int tid, int nice) {
			if (com.sun.jna.Platform.isLinux()) {
				com.sun.jna.Function.getFunction("c", "setpriority")
					.invokeInt(new Object[] { PRIO_PROCESS, tid, nice });
			}
		}

	}

}
