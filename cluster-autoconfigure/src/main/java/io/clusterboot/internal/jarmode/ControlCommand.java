package io.clusterboot.internal.jarmode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.internal.ipc.ControlJson;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.ControlRecords;
import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.internal.ipc.MasterDirectory;
import io.clusterboot.internal.ipc.MasterInfo;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;
import io.clusterboot.status.UpgradeState;
import io.clusterboot.internal.support.Durations;

/**
 * The control command: {@code status}, {@code reload}, {@code scale}, {@code upgrade}
 * and {@code stop} for the master that runs an application's jar, over the master's control socket. It
 * finds the master in the base directory the masters keep their private directories in,
 * so only their user can talk to them.
 *
 * @author ClusterBoot team
 */
final class ControlCommand {

	static final String USAGE = """
			Usage: java -Djarmode=cluster -jar <app.jar> <command> [--pid <pid>]

			Talks to the ClusterBoot master that runs this jar, over its control socket;
			only the user it runs as can.

			Commands:
			  status [--json]   the master, its workers, the last reload and the boot cache
			  reload [--wait]   starts a rolling reload (or joins the one running); --wait
			                    follows it and exits with 1 if it fails
			  scale <workers>   sets the number of workers
			  upgrade [--wait]  replaces the master, as USR1 does: a new master of the jar
			                    on disk takes the sockets over once its workers are ready;
			                    --wait follows it and exits with 1 if it fails
			  stop              stops the cluster, as TERM does, and waits for the master
			  help              prints this text

			  --pid <pid>       the master to talk to, where several run this jar

			Exit status: 0 done, 1 failed or refused, 2 wrong usage, 3 no master runs,
			4 the master is another user's, 5 the master speaks another control protocol.
			""";

	private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

	/**
	 * How much longer than the master's own stop deadline {@code stop} waits for it.
	 */
	private static final Duration STOP_MARGIN = Duration.ofSeconds(15);

	private final Path base;

	private final Path jar;

	private final Set<String> jarPaths;

	private final PrintStream out;

	private final PrintStream err;

	private final Duration replyTimeout;

	/**
	 * Creates the command.
	 * @param base the directory masters keep their private directories in
	 * @param jar the application's jar as this command was started with it, made
	 * absolute, or {@code null} to talk to any master of this user
	 * @param out where results go
	 * @param err where errors go
	 * @param replyTimeout how long to wait for each reply of the master
	 */
	ControlCommand(Path base, Path jar, PrintStream out, PrintStream err, Duration replyTimeout) {
		this.base = base;
		this.jar = jar;
		this.jarPaths = (jar != null) ? pathsOf(jar) : Set.of();
		this.out = out;
		this.err = err;
		this.replyTimeout = replyTimeout;
	}

	/**
	 * Runs the command.
	 * @param args the command line
	 * @return how it went
	 */
	ExitStatus run(List<String> args) {
		try {
			Arguments arguments = Arguments.parse(args);
			if (arguments.command().equals("help")) {
				this.out.print(USAGE);
				return ExitStatus.OK;
			}
			MasterDirectory master = select(arguments.pid());
			try (MasterSession session = MasterSession.open(master, this.replyTimeout)) {
				if (!ClusterBootVersion.get().equals(master.master().version())) {
					this.err.printf("Note: the master (pid %d) runs ClusterBoot %s; this command is %s%n",
							master.master().pid(), master.master().version(), ClusterBootVersion.get());
				}
				return switch (arguments.command()) {
					case "status" -> status(session, master, arguments.json());
					case "reload" -> reload(session, arguments.waitFor());
					case "scale" -> scale(session, arguments.workers());
					case "upgrade" -> upgrade(session, master, arguments.waitFor());
					default -> stop(session, master);
				};
			}
		}
		catch (CommandFailedException ex) {
			this.err.println(ex.getMessage());
			if (ex.status() == ExitStatus.USAGE && ex.getMessage().startsWith("Usage")) {
				this.err.print(USAGE);
			}
			return ex.status();
		}
	}

	/**
	 * Selects the master to talk to: the one with the pid asked for, else the one that
	 * runs this jar. Directories of masters that died are left out, also when their pid
	 * now belongs to another process.
	 */
	private MasterDirectory select(Long pid) throws CommandFailedException {
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
		String user = System.getProperty("user.name");
		String wanted = (pid != null) ? "No master with pid " + pid : "No master of " + this.jar;
		if (!running.isEmpty()) {
			throw new CommandFailedException(ExitStatus.NOT_RUNNING, wanted + " runs as user '" + user
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
			throw new CommandFailedException(ExitStatus.ACCESS_DENIED, wanted + " runs as user '" + user
					+ "', but a master of another user may: " + String.join(", ", others)
					+ ". Only a master's own user can control it: run the command as that user "
					+ "(sudo -u <user> java -Djarmode=cluster -jar ...)");
		}
		throw new CommandFailedException(ExitStatus.NOT_RUNNING,
				wanted + " runs as user '" + user + "' (none in " + this.base + ")");
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
			.map((process) -> process.info().startInstant().map((start) -> !start.isAfter(master.started())).orElse(true))
			.orElse(false);
	}

	private ExitStatus status(MasterSession session, MasterDirectory master, boolean json)
			throws CommandFailedException {
		Map<String, Object> body = session.request(ControlMessage.STATUS);
		if (json) {
			this.out.println(new String(ControlJson.write(body), StandardCharsets.UTF_8));
		}
		else {
			this.out.print(StatusTable.print(read(body, ClusterStatus.class), master.master().version()));
		}
		return ExitStatus.OK;
	}

	private ExitStatus reload(MasterSession session, boolean waitFor) throws CommandFailedException {
		ClusterStatus.Reload started = read(accepted(session.request(ControlMessage.RELOAD)),
				ClusterStatus.Reload.class);
		ClusterStatus.Reload reload = follow(started, waitFor, (current) -> current.state() == ReloadState.RUNNING,
				ControlCommand::describe, (previous) -> {
					ClusterStatus.Reload current = readStatus(session).reload();
					return (current != null && current.id().equals(previous.id())) ? current : null;
				}, "Reload " + started.id());
		return (reload.state() == ReloadState.FAILED) ? ExitStatus.FAILED : ExitStatus.OK;
	}

	private static String describe(ClusterStatus.Reload reload) {
		ClusterStatus.Progress progress = reload.progress();
		return String.format("Reload %s (generation %d) %s%s: %d/%d replaced, %d old worker(s) left%s", reload.id(),
				reload.generation(), reload.state(), (reload.phase() != null) ? " " + reload.phase() : "",
				progress.replaced(), progress.total(), progress.draining(),
				(reload.error() != null) ? ": " + reload.error() : "");
	}

	private ExitStatus upgrade(MasterSession session, MasterDirectory master, boolean waitFor)
			throws CommandFailedException {
		ClusterStatus.Upgrade started = read(accepted(session.request(ControlMessage.UPGRADE)),
				ClusterStatus.Upgrade.class);
		try (UpgradeProgress progress = new UpgradeProgress(session, master.master().pid())) {
			ClusterStatus.Upgrade upgrade = follow(started, waitFor,
					(current) -> current.state() == UpgradeState.RUNNING, StatusTable::describe, progress,
					"Master upgrade " + started.id());
			return (upgrade.state() == UpgradeState.FAILED) ? ExitStatus.FAILED : ExitStatus.OK;
		}
	}

	/**
	 * Prints what the master started, and with {@code waitFor} each change of it until
	 * it ended.
	 * @param started what the master answered when it started it
	 * @param waitFor whether to follow it
	 * @param running whether it still runs
	 * @param describe its line
	 * @param next reads it again, {@code null} once the master runs another one
	 * @param name its name, for the message when it was lost sight of
	 * @return how it was last seen
	 */
	private <T> T follow(T started, boolean waitFor, Predicate<T> running, Function<T, String> describe,
			Progress<T> next, String name) throws CommandFailedException {
		T followed = started;
		String last = describe.apply(followed);
		this.out.println(last);
		while (waitFor && running.test(followed)) {
			pause();
			T current = next.after(followed);
			if (current == null) {
				throw new CommandFailedException(ExitStatus.FAILED,
						name + " ended without this command seeing how; see the master's log");
			}
			followed = current;
			String line = describe.apply(followed);
			if (!line.equals(last)) {
				this.out.println(line);
				last = line;
			}
		}
		return followed;
	}

	private ClusterStatus readStatus(MasterSession session) throws CommandFailedException {
		return read(session.request(ControlMessage.STATUS), ClusterStatus.class);
	}

	private ExitStatus scale(MasterSession session, int workers) throws CommandFailedException {
		Map<String, Object> body = accepted(session.request(ControlMessage.SCALE, "workers", workers));
		this.out.printf("Scaling to %s worker(s)%n", body.get("desired"));
		return ExitStatus.OK;
	}

	private ExitStatus stop(MasterSession session, MasterDirectory master) throws CommandFailedException {
		long pid = master.master().pid();
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		Map<String, Object> body = accepted(session.request(ControlMessage.STOP));
		Duration timeout = Duration.parse(String.valueOf(body.get("timeout")));
		this.out.printf("Stopping the cluster of master pid %d (its workers have %s to finish)%n", pid,
				Durations.print(timeout));
		try {
			if (process.isPresent()) {
				process.get().onExit().get(timeout.plus(STOP_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
			}
			this.out.printf("Master pid %d stopped%n", pid);
			return ExitStatus.OK;
		}
		catch (TimeoutException ex) {
			throw new CommandFailedException(ExitStatus.FAILED, "Master pid " + pid + " is still running "
					+ Durations.print(timeout.plus(STOP_MARGIN)) + " later");
		}
		catch (ExecutionException ex) {
			throw new CommandFailedException(ExitStatus.FAILED, "Cannot wait for master pid " + pid + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandFailedException(ExitStatus.FAILED, "Interrupted");
		}
	}

	/**
	 * Returns a reply's body, unless the master refused or rejected the request.
	 */
	private static Map<String, Object> accepted(Map<String, Object> body) throws CommandFailedException {
		Object refused = body.getOrDefault(ControlMessage.REFUSED, body.get(ControlMessage.REJECTED));
		if (refused != null) {
			throw new CommandFailedException(ExitStatus.FAILED, refused.toString());
		}
		return body;
	}

	private static <R extends Record> R read(Object body, Class<R> type) throws CommandFailedException {
		try {
			return ControlRecords.fromValue(body, type);
		}
		catch (MalformedMessageException ex) {
			throw new CommandFailedException(ExitStatus.INCOMPATIBLE,
					"The master's answer is not what this version of the command understands: " + ex.getMessage());
		}
	}

	private void pause() throws CommandFailedException {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandFailedException(ExitStatus.FAILED, "Interrupted");
		}
	}

	/**
	 * The command line, checked.
	 */
	record Arguments(String command, Long pid, boolean json, boolean waitFor, int workers) {

		static Arguments parse(List<String> args) throws CommandFailedException {
			List<String> positional = new ArrayList<>();
			Long pid = null;
			boolean json = false;
			boolean waitFor = false;
			for (int i = 0; i < args.size(); i++) {
				String arg = args.get(i);
				switch (arg) {
					case "--json" -> json = true;
					case "--wait" -> waitFor = true;
					case "--pid" -> pid = number(arg, (i + 1 < args.size()) ? args.get(++i) : null);
					case "-h", "--help" -> positional.add(0, "help");
					default -> {
						if (arg.startsWith("-")) {
							throw usage("Unknown option '" + arg + "'");
						}
						positional.add(arg);
					}
				}
			}
			if (positional.isEmpty()) {
				throw usage("No command given");
			}
			String command = positional.get(0);
			List<String> operands = positional.subList(1, positional.size());
			switch (command) {
				case "help" -> {
					return new Arguments(command, null, false, false, 0);
				}
				case "status", "reload", "upgrade", "stop" -> {
					if (!operands.isEmpty()) {
						throw usage("'" + command + "' takes no operand, got " + operands);
					}
				}
				case "scale" -> {
					if (operands.size() != 1) {
						throw usage("'scale' takes the number of workers");
					}
				}
				default -> throw usage("Unknown command '" + command + "'");
			}
			if (json && !command.equals("status")
					|| waitFor && !command.equals("reload") && !command.equals("upgrade")) {
				throw usage((json ? "--json" : "--wait") + " does not apply to '" + command + "'");
			}
			int workers = command.equals("scale") ? Math.toIntExact(number("scale", operands.get(0))) : 0;
			return new Arguments(command, pid, json, waitFor, workers);
		}

		private static long number(String what, String text) throws CommandFailedException {
			try {
				long value = Long.parseLong((text != null) ? text : "");
				if (value < 1 || value > Integer.MAX_VALUE) {
					throw usage(what + " takes a number from 1 to " + Integer.MAX_VALUE + ", got " + text);
				}
				return value;
			}
			catch (NumberFormatException ex) {
				throw usage(what + " takes a number, got " + ((text != null) ? "'" + text + "'" : "nothing"));
			}
		}

		private static CommandFailedException usage(String message) {
			return new CommandFailedException(ExitStatus.USAGE, "Usage error: " + message);
		}

	}

	/**
	 * Follows a master upgrade: in the status of the master it replaces until that master
	 * goes, which it does as soon as its workers drained once the new master took over,
	 * and then in the status of the new master, which shows whether it took over. The
	 * new master is the one the upgrade reported, whose control directory names the
	 * replaced master as its predecessor.
	 */
	private final class UpgradeProgress implements Progress<ClusterStatus.Upgrade>, AutoCloseable {

		private final MasterSession replaced;

		private final long replacedPid;

		private MasterSession successor;

		UpgradeProgress(MasterSession replaced, long replacedPid) {
			this.replaced = replaced;
			this.replacedPid = replacedPid;
		}

		@Override
		public ClusterStatus.Upgrade after(ClusterStatus.Upgrade previous) throws CommandFailedException {
			if (this.successor == null) {
				try {
					ClusterStatus.Upgrade current = readStatus(this.replaced).upgrade();
					return (current != null && current.id() == previous.id()) ? current : null;
				}
				catch (CommandFailedException ex) {
					if (ex.status() != ExitStatus.FAILED) {
						throw ex;
					}
					this.successor = connectToSuccessor(previous, ex.getMessage());
				}
			}
			ClusterStatus.Master successor;
			try {
				successor = readStatus(this.successor).master();
			}
			catch (CommandFailedException ex) {
				throw unknown(previous, ex.getMessage());
			}
			if (successor.takingOverFrom() == null) {
				return new ClusterStatus.Upgrade(previous.id(), UpgradeState.SUCCEEDED, successor.pid(),
						previous.started(), null, null);
			}
			if (successor.stopping()) {
				return new ClusterStatus.Upgrade(previous.id(), UpgradeState.FAILED, successor.pid(),
						previous.started(), null, "it stops without having taken over");
			}
			return previous;
		}

		/**
		 * Connects to the new master once the replaced one went away.
		 * @param upgrade the upgrade as last seen
		 * @param failure how the replaced master went away, a sentence on the master
		 */
		private MasterSession connectToSuccessor(ClusterStatus.Upgrade upgrade, String failure)
				throws CommandFailedException {
			String gone = decapitalized(failure);
			MasterDirectory successor;
			try {
				successor = MasterDirectories.findMasters(ControlCommand.this.base)
					.stream()
					.filter(MasterDirectory::isAccessible)
					.filter((directory) -> isSuccessor(directory.master(), upgrade) && isRunning(directory.master()))
					.findFirst()
					.orElse(null);
			}
			catch (IOException ex) {
				throw unknown(upgrade, gone + ", and the masters cannot be listed: " + ex.getMessage());
			}
			if (successor == null) {
				throw unknown(upgrade, gone + ", and no new master of it runs");
			}
			try {
				MasterSession session = MasterSession.open(successor, ControlCommand.this.replyTimeout);
				ControlCommand.this.err.printf("Note: %s; new master pid %d tells how the upgrade ends%n", gone,
						successor.master().pid());
				return session;
			}
			catch (CommandFailedException ex) {
				throw unknown(upgrade, gone + ", and the new master cannot be asked: " + ex.getMessage());
			}
		}

		private boolean isSuccessor(MasterInfo master, ClusterStatus.Upgrade upgrade) {
			return Long.valueOf(this.replacedPid).equals(master.predecessor())
					&& (upgrade.pid() == null || upgrade.pid() == master.pid());
		}

		private CommandFailedException unknown(ClusterStatus.Upgrade upgrade, String why) {
			return new CommandFailedException(ExitStatus.FAILED, "Master upgrade " + upgrade.id()
					+ ": how it ended cannot be known: " + decapitalized(why) + "; see the masters' log");
		}

		private static String decapitalized(String sentence) {
			return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
		}

		@Override
		public void close() {
			if (this.successor != null) {
				this.successor.close();
			}
		}

	}

	/**
	 * Reads again what {@link #follow} follows.
	 */
	@FunctionalInterface
	private interface Progress<T> {

		T after(T previous) throws CommandFailedException;

	}

}
