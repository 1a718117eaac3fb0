package io.clusterboot.internal.jarmode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.internal.ipc.MasterDirectory;
import io.clusterboot.internal.ipc.MasterInfo;
import io.clusterboot.internal.support.ClusterBootVersion;

/**
 * Selects the master the control command talks to, among the private directories the
 * masters keep in the base directory: the one with the pid asked for, else the one that
 * runs the command's jar, by the path it was started with or its real path. While an
 * upgrade runs, two masters run the jar: the one it replaces is selected, which serves
 * until the new one took over. Directories of masters that died are left out, also when
 * their pid now belongs to another process. When none or several are left, the failure
 * says why, with the exit status scripts read: another user's master, another jar's, or
 * none at all.
 *
 * @author ClusterBoot team
 */
final class MasterSelection {

	private final Path base;

	private final Path jar;

	private final Set<String> jarPaths;

	private final PrintStream err;

	/**
	 * Creates the selection of a command.
	 * @param base the directory masters keep their private directories in
	 * @param jar the application's jar as the command was started with it, made
	 * absolute, or {@code null} to select any master of this user
	 * @param err where notes on the selection go
	 */
	MasterSelection(Path base, Path jar, PrintStream err) {
		this.base = base;
		this.jar = jar;
		this.jarPaths = (jar != null) ? pathsOf(jar) : Set.of();
		this.err = err;
	}

	/**
	 * Selects the master to talk to: the one with the pid asked for, else the one that
	 * runs this jar.
	 * @param pid the pid asked for, or {@code null}
	 * @return the master's directory
	 * @throws CommandFailedException if no single master of this user that speaks this
	 * command's protocol is selected
	 */
	MasterDirectory select(Long pid) throws CommandFailedException {
		List<MasterDirectory> found;
		try {
			found = MasterDirectories.findMasters(this.base);
		}
		catch (IOException ex) {
			throw new CommandFailedException(ExitStatus.NOT_RUNNING, "Cannot look for masters in " + this.base + ": "
					+ ex.getMessage());
		}
		List<MasterDirectory> running = found.stream()
			.filter(MasterDirectory::isAccessible)
			.filter((directory) -> isRunning(directory.master()))
			.toList();
		List<MasterDirectory> candidates = running.stream()
			.filter((directory) -> (pid != null) ? directory.master().pid() == pid : runsThisJar(directory.master()))
			.toList();
		MasterDirectory replaced = (pid == null) ? replacedByAnother(candidates) : null;
		if (replaced != null) {
			this.err.printf("Note: master pid %d replaces master pid %d (an upgrade runs); talking to pid %d "
					+ "(choose with --pid)%n", successorOf(replaced, candidates), replaced.master().pid(),
					replaced.master().pid());
			candidates = List.of(replaced);
		}
		if (candidates.size() == 1) {
			MasterDirectory selected = candidates.get(0);
			if (selected.master().protocol() != ControlServer.PROTOCOL) {
				throw new CommandFailedException(ExitStatus.INCOMPATIBLE, String.format(
						"The master (pid %d) runs ClusterBoot %s (control protocol %d); this command is ClusterBoot "
								+ "%s (control protocol %d): run the command of the jar the master started from",
						selected.master().pid(), selected.master().version(), selected.master().protocol(),
						ClusterBootVersion.get(), ControlServer.PROTOCOL));
			}
			return selected;
		}
		if (candidates.size() > 1) {
			throw new CommandFailedException(ExitStatus.USAGE, "Several masters run " + this.jar + ": pids "
					+ candidates.stream().map((directory) -> Long.toString(directory.master().pid()))
						.collect(Collectors.joining(", "))
					+ "; choose one with --pid");
		}
		throw noneSelected(pid, found, running);
	}

	/**
	 * Says why no master is selected: the masters of this user that run another jar, or
	 * those of other users, which this user cannot control.
	 */
	private CommandFailedException noneSelected(Long pid, List<MasterDirectory> found,
			List<MasterDirectory> running) {
		String user = System.getProperty("user.name");
		String wanted = (pid != null) ? "No master with pid " + pid : "No master of " + this.jar;
		if (!running.isEmpty()) {
			return new CommandFailedException(ExitStatus.NOT_RUNNING, wanted + " runs as user '" + user
					+ "'; masters of this user: " + running.stream()
						.map((directory) -> "pid " + directory.master().pid() + " (" + directory.master().jar() + ")")
						.collect(Collectors.joining(", "))
					+ "; choose one with --pid");
		}
		List<String> others = found.stream()
			.filter((directory) -> !directory.isAccessible())
			.map((directory) -> "'" + directory.owner() + "' (" + directory.directory() + ")")
			.distinct()
			.toList();
		if (!others.isEmpty()) {
			return new CommandFailedException(ExitStatus.ACCESS_DENIED, wanted + " runs as user '" + user
					+ "', but a master of another user may: " + String.join(", ", others)
					+ ". Only a master's own user can control it: run the command as that user "
					+ "(sudo -u <user> java -Djarmode=cluster -jar ...)");
		}
		return new CommandFailedException(ExitStatus.NOT_RUNNING,
				wanted + " runs as user '" + user + "' (none in " + this.base + ")");
	}

	/**
	 * Finds the new master of an upgrade once the master it replaces went away: the one
	 * whose directory names the replaced master as its predecessor, and that the upgrade
	 * reported, if it did.
	 * @param replaced the pid of the master the upgrade replaces
	 * @param reported the pid of the new master the upgrade reported, or {@code null}
	 * @return the new master's directory, or {@code null} if none runs
	 * @throws IOException if the masters cannot be listed
	 */
	MasterDirectory findSuccessor(long replaced, Long reported) throws IOException {
		return MasterDirectories.findMasters(this.base)
			.stream()
			.filter(MasterDirectory::isAccessible)
			.filter((directory) -> Long.valueOf(replaced).equals(directory.master().predecessor())
					&& (reported == null || reported == directory.master().pid()) && isRunning(directory.master()))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Returns the paths that name a jar: the one given, and its real path, which differ
	 * where a link leads to it (a deploy's {@code current -> releases/42}).
	 */
	private static Set<String> pathsOf(Path jar) {
		Set<String> paths = new LinkedHashSet<>(List.of(jar.toString()));
		try {
			paths.add(jar.toRealPath().toString());
		}
		catch (IOException ex) {
			// a jar that is gone has no real path
		}
		return paths;
	}

	/**
	 * Returns whether a master runs this command's jar: the path it was started with or
	 * its real path is one of the jar's paths. A master started from a link that now
	 * leads to another release, which a reload or an upgrade deploys, still runs it.
	 */
	private boolean runsThisJar(MasterInfo master) {
		return this.jar == null || this.jarPaths.contains(master.jar())
				|| this.jarPaths.contains(master.jarAsStarted());
	}

	/**
	 * Returns the master that the other one of two replaces, while an upgrade runs: it
	 * serves until the new one took over, and then drains and exits.
	 */
	private static MasterDirectory replacedByAnother(List<MasterDirectory> candidates) {
		if (candidates.size() != 2) {
			return null;
		}
		return candidates.stream()
			.filter((candidate) -> successorOf(candidate, candidates) != null)
			.findFirst()
			.orElse(null);
	}

	private static Long successorOf(MasterDirectory replaced, List<MasterDirectory> candidates) {
		return candidates.stream()
			.map(MasterDirectory::master)
			.filter((other) -> Long.valueOf(replaced.master().pid()).equals(other.predecessor()))
			.map(MasterInfo::pid)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Returns whether the master's process runs: a process with its pid that started
	 * before the master described itself, which a process that reused the pid of a master
	 * killed with {@code SIGKILL} did not.
	 */
	private static boolean isRunning(MasterInfo master) {
		return ProcessHandle.of(master.pid())
			.filter(ProcessHandle::isAlive)
			.map((process) -> process.info()
				.startInstant()
				.map((start) -> !start.isAfter(master.started()))
				.orElse(true))
			.orElse(false);
	}

}
