package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.clusterboot.internal.posix.ErrnoException;
import io.clusterboot.internal.posix.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaps the orphans a master that runs as PID 1 (of a container, or of a PID namespace)
 * inherits: every process whose parent dies, a worker's child for one, becomes a child
 * of PID 1, and stays a zombie until PID 1 waits for it, which the JVM does only for the
 * processes it started. Once a second it looks for zombie children in {@code /proc} and
 * reaps those that were zombies a second before too: the JVM waits for each process it
 * starts from the moment it starts it, so a zombie that outlives a second is nobody's
 * but PID 1's to reap, and the JVM never loses an exit status it waits for.
 *
 * @author ClusterBoot team
 */
final class OrphanReaper {

	private static final Logger logger = LoggerFactory.getLogger(OrphanReaper.class);

	private static final long INTERVAL_MILLIS = 1000;

	private final Path proc;

	private final long self;

	private Map<Long, String> zombiesBefore = Map.of();

	OrphanReaper(Path proc, long self) {
		this.proc = proc;
		this.self = self;
	}

	/**
	 * Starts reaping on a daemon thread if this process is PID 1 on Linux, with JNA for
	 * {@code waitpid}.
	 */
	static void startIfInit() {
		if (ProcessHandle.current().pid() != 1 || !Files.isDirectory(Path.of("/proc/1"))
				|| !Posix.isAvailable()) {
			return;
		}
		OrphanReaper reaper = new OrphanReaper(Path.of("/proc"), 1);
		Thread thread = new Thread(reaper::run, "cluster-orphan-reaper");
		thread.setDaemon(true);
		thread.start();
		logger.info("Running as PID 1: orphaned processes are reaped");
	}

	private void run() {
		try {
			while (true) {
				Thread.sleep(INTERVAL_MILLIS);
				for (long pid : orphans()) {
					reap(pid);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Returns the zombie children that were zombies at the previous call too (the same
	 * process: the same start time), and remembers the current ones.
	 * @return their pids
	 */
	Iterable<Long> orphans() {
		Map<Long, String> zombies = new HashMap<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.proc, "[0-9]*")) {
			for (Path entry : entries) {
				zombieStart(entry.resolve("stat")).ifPresent((start) -> zombies
					.put(Long.parseLong(entry.getFileName().toString()), start));
			}
		}
		catch (IOException ex) {
			logger.debug("Cannot list {}", this.proc, ex);
		}
		Map<Long, String> before = this.zombiesBefore;
		this.zombiesBefore = zombies;
		return zombies.entrySet()
			.stream()
			.filter((zombie) -> zombie.getValue().equals(before.get(zombie.getKey())))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Returns the start time of a zombie child of this process, from its
	 * {@code /proc/<pid>/stat}: {@code pid (comm) state ppid ...}, the 22nd field the
	 * start time; the command may contain spaces and parentheses.
	 */
	private Optional<String> zombieStart(Path stat) {
		String line;
		try {
			line = Files.readString(stat);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		int end = line.lastIndexOf(')');
		if (end < 0) {
			return Optional.empty();
		}
		String[] fields = line.substring(end + 2).trim().split(" ");
		if (fields.length < 20 || !"Z".equals(fields[0]) || !Long.toString(this.self).equals(fields[1])) {
			return Optional.empty();
		}
		return Optional.of(fields[19]);
	}

	private static void reap(long pid) {
		try {
			OptionalInt status = Posix.waitpid(pid);
			if (status.isPresent()) {
				logger.debug("Reaped orphan pid {} (wait status {})", pid, status.getAsInt());
			}
		}
		catch (ErrnoException ex) {
			logger.debug("Could not reap pid {}: {}", pid, ex.getMessage());
		}
	}

}
