package io.clusterboot.internal.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.clusterboot.internal.posix.ErrnoException;
import io.clusterboot.internal.posix.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a starting worker most of the CPU while the others serve a saturating load. The
 * kernel shares the CPU between threads within a scheduling group, and a booting JVM's
 * few threads lose to the dozens of busy request threads of the workers that serve
 * (measured: a reload of 2 workers under load took 8 times as long as without).
 * <ul>
 * <li>Each worker starts a session of its own as its application starts. Where the
 * kernel's autogroups apply (a plain host: the worker is in the CPU scheduler's root
 * group), that is a scheduling group of its own: every worker gets the same share of
 * the CPU, however many threads it runs.</li>
 * <li>There, while another worker starts (the master says when), a serving worker sets
 * its autogroup's nice value to the one the master passes
 * ({@code cluster.worker.serving-nice}, 10 by default there), and back to 0 once none
 * starts: the starting worker gets most of the CPU while it boots, and the serving ones their
 * full share the rest of the time, also next to other sessions of the host (measured on
 * 2 cores under a saturating load: a reload of 2 workers took 1.2 to 1.6 times as long
 * as without, against 2.6 to 4.5 with a fixed nice value of 2). The kernel lets a
 * process set its autogroup's nice value anywhere from 0 to 19, but takes one change
 * every 100 ms machine-wide from unprivileged processes: a change refused for that is
 * tried again.</li>
 * <li>Inside a cgroup that the CPU scheduler uses, a container's or a systemd
 * service's with the cpu controller (no autogroups: they apply only in the root group;
 * and nothing but the cluster competes), a worker lowers the priority of each of its
 * threads to that nice value (15 by default there) once it serves, which threads it
 * starts later inherit, and keeps it: raising a thread's priority again would need a
 * privilege.</li>
 * </ul>
 * A lower priority is a smaller share, not none: no worker starves. Nothing here needs a
 * privilege: a process may always start a session, and lower its own priority.
 *
 * @author ClusterBoot team
 */
final class WorkerScheduling {

	private static final Logger logger = LoggerFactory.getLogger(WorkerScheduling.class);

	private static final Path AUTOGROUP = Path.of("/proc/self/autogroup");

	private static final Path CGROUP = Path.of("/proc/self/cgroup");

	private static final Path UNIFIED_HIERARCHY = Path.of("/sys/fs/cgroup");

	private static final Path AUTOGROUPS_ENABLED = Path.of("/proc/sys/kernel/sched_autogroup_enabled");

	private static final Path TASKS = Path.of("/proc/self/task");

	/** A serving worker's autogroup nice value while another starts, by default. */
	private static final int AUTO_AUTOGROUP_NICE = 10;

	/** A serving worker's threads' nice value inside a cgroup, by default. */
	private static final int AUTO_THREAD_NICE = 15;

	/** The kernel's interval between two autogroup changes, with margin. */
	private static final long RETRY_MILLIS = 110;

	private static final int MAX_ATTEMPTS = 50;

	private final int nice;

	private final ScheduledExecutorService autogroupChanges;

	private int wantedAutogroupNice;

	private int appliedAutogroupNice;

	private int attempts;

	private WorkerScheduling(int nice, boolean autogroup) {
		this.nice = nice;
		this.autogroupChanges = autogroup ? Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "cluster-worker-priority");
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	/**
	 * Returns the scheduling of this worker; one that changes nothing if the master did
	 * not ask for it ({@code cluster.worker.own-scheduling-group=false}, or a nice value
	 * of 0) or it cannot be had.
	 * @return the scheduling
	 */
	static WorkerScheduling ofThisWorker() {
		String nice = System.getenv(WorkerIdentity.SERVING_NICE);
		try {
			if (nice == null) {
				return new WorkerScheduling(0, false);
			}
			boolean autogroup = hasOwnAutogroup();
			int value = servingNice(nice, autogroup);
			return new WorkerScheduling(value, value > 0 && autogroup);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Cannot change this worker's priority", ex);
			return new WorkerScheduling(0, false);
		}
	}

	/**
	 * Resolves {@code cluster.worker.serving-nice} for where this worker runs. Inside a
	 * cgroup each thread weighs alone: at nice 10 a worker's dozens of busy threads
	 * still outweigh the few of a booting JVM (measured: a reload under load then took
	 * twice as long as without), at 15 a reload under load takes 1.3 to 1.5 times as
	 * long, as on a plain host, and at 19 the serving workers' latency rose to seconds.
	 * @param configured the property's value: {@code auto} or a number from 0 to 19
	 * @param autogroup whether the worker has an autogroup of its own
	 * @return the nice value
	 */
	static int servingNice(String configured, boolean autogroup) {
		if ("auto".equalsIgnoreCase(configured)) {
			return autogroup ? AUTO_AUTOGROUP_NICE : AUTO_THREAD_NICE;
		}
		return Integer.parseInt(configured);
	}

	/**
	 * Starts a session of its own for this worker, if the master asked for it.
	 */
	static void startOwnGroup() {
		if (System.getenv(WorkerIdentity.SERVING_NICE) != null) {
			try {
				if (Posix.isAvailable()) {
					Posix.setsid();
				}
			}
			catch (ErrnoException ex) {
				// a group's leader already: the worker shares its group
			}
		}
	}

	/**
	 * Called once this worker serves: inside a container's cgroup, lowers the priority
	 * of its threads for good.
	 */
	void serving() {
		if (this.nice > 0 && this.autogroupChanges == null && Posix.isAvailable()) {
			try (Stream<Path> tasks = Files.list(TASKS)) {
				tasks.map((task) -> Integer.parseInt(task.getFileName().toString())).forEach(this::lowerPriority);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Could not lower the priority of this worker's threads", ex);
			}
		}
	}

	private void lowerPriority(int tid) {
		try {
			Posix.setPriority(tid, this.nice);
		}
		catch (ErrnoException ex) {
			// the thread ended meanwhile
		}
	}

	/**
	 * Called when another worker starts, and when none starts any more: where this
	 * worker has an autogroup of its own, lowers its priority while one starts.
	 * @param starting whether another worker starts
	 */
	void othersStarting(boolean starting) {
		if (this.autogroupChanges != null) {
			synchronized (this) {
				this.wantedAutogroupNice = starting ? this.nice : 0;
				this.attempts = 0;
			}
			try {
				this.autogroupChanges.execute(this::changeAutogroup);
			}
			catch (RejectedExecutionException ex) {
				// stopped: the worker is going away
			}
		}
	}

	/**
	 * Stops changing this worker's priority.
	 */
	void stop() {
		if (this.autogroupChanges != null) {
			this.autogroupChanges.shutdownNow();
		}
	}

	private synchronized void changeAutogroup() {
		int wanted = this.wantedAutogroupNice;
		if (wanted == this.appliedAutogroupNice) {
			return;
		}
		try {
			Files.writeString(AUTOGROUP, Integer.toString(wanted));
			this.appliedAutogroupNice = wanted;
		}
		catch (IOException ex) {
			// EAGAIN: another process of the machine changed an autogroup less than 100 ms ago
			if (++this.attempts < MAX_ATTEMPTS && !this.autogroupChanges.isShutdown()) {
				this.autogroupChanges.schedule(this::changeAutogroup,
						RETRY_MILLIS + ThreadLocalRandom.current().nextLong(RETRY_MILLIS), TimeUnit.MILLISECONDS);
			}
			else {
				logger.debug("Could not set this worker's autogroup nice value to {}", wanted, ex);
			}
		}
	}

	/**
	 * Returns whether the kernel schedules this process in an autogroup: autogroups
	 * must be on, and apply only to processes in the root cpu cgroup.
	 */
	private static boolean hasOwnAutogroup() throws IOException {
		if (!Files.isWritable(AUTOGROUP) || !Files.isReadable(AUTOGROUPS_ENABLED)
				|| !Files.readString(AUTOGROUPS_ENABLED).trim().equals("1")) {
			return false;
		}
		return isInRootCpuGroup(Files.readAllLines(CGROUP),
				(path) -> Files.exists(UNIFIED_HIERARCHY.resolve("." + path).resolve("cpu.weight")));
	}

	/**
	 * Returns whether a process is in the root group of the CPU scheduler, the only one
	 * where the kernel's autogroups apply. Where a cgroup v1 hierarchy has the cpu
	 * controller, its line in {@code /proc/self/cgroup} says. Else the cgroup v2 group
	 * schedules the process only if the cpu controller is on for it, which its
	 * {@code cpu.weight} file shows (the root group has none): a systemd service without
	 * the controller is scheduled in the root group, and a container's group (seen as
	 * {@code /} from inside its cgroup namespace) is not.
	 * @param cgroups the lines of {@code /proc/self/cgroup}
	 * @param hasCpuWeight whether the cgroup v2 group of a path has a {@code cpu.weight}
	 * @return whether autogroups apply
	 */
	static boolean isInRootCpuGroup(List<String> cgroups, Predicate<String> hasCpuWeight) {
		for (String line : cgroups) {
			if (line.matches("\\d+:[^:]*\\bcpu\\b[^:]*:.*")) {
				return line.endsWith(":/");
			}
		}
		for (String line : cgroups) {
			if (line.startsWith("0::")) {
				return !hasCpuWeight.test(line.substring(3));
			}
		}
		return true;
	}

}
