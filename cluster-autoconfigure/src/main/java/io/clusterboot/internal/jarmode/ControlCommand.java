package io.clusterboot.internal.jarmode;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import io.clusterboot.internal.ipc.ControlJson;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.MasterDirectory;
import io.clusterboot.internal.support.ClusterBootVersion;
import io.clusterboot.internal.support.Durations;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;
import io.clusterboot.status.UpgradeState;

/**
 * The control command: {@code status}, {@code reload}, {@code scale}, {@code upgrade}
 * and {@code stop} for the master that runs an application's jar, over the master's
 * control socket. It finds the master in the base directory the masters keep their
 * private directories in ({@link MasterSelection}), so only their user can talk to them,
 * and runs the command there: this class says what each command asks and prints.
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

	private final MasterSelection masters;

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
		this.masters = new MasterSelection(base, jar, err);
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
			MasterDirectory master = this.masters.select(arguments.pid());
			try (MasterSession session = MasterSession.open(master, this.replyTimeout)) {
				if (!ClusterBootVersion.get().equals(master.master().version())) {
					this.err.printf("Note: the master (pid %d) runs ClusterBoot %s; this command is %s%n",
							master.master().pid(), master.master().version(), ClusterBootVersion.get());
				}
				return switch (arguments.command()) {
					case "status" -> status(session, master, arguments.json());
					case "reload" -> reload(session, arguments.waitFor());
					case "scale" -> scale(session, arguments.workers());
					case "upgrade" -> upgrade(session, arguments.waitFor());
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

	private ExitStatus status(MasterSession session, MasterDirectory master, boolean json)
			throws CommandFailedException {
		Map<String, Object> body = session.request(ControlMessage.STATUS);
		if (json) {
			this.out.println(new String(ControlJson.write(body), StandardCharsets.UTF_8));
		}
		else {
			this.out.print(StatusTable.print(MasterSession.read(body, ClusterStatus.class), master.master().version()));
		}
		return ExitStatus.OK;
	}

	private ExitStatus reload(MasterSession session, boolean waitFor) throws CommandFailedException {
		ClusterStatus.Reload started = MasterSession.read(accepted(session.request(ControlMessage.RELOAD)),
				ClusterStatus.Reload.class);
		ClusterStatus.Reload reload = follow(started, waitFor, (current) -> current.state() == ReloadState.RUNNING,
				ControlCommand::describe, (previous) -> {
					ClusterStatus.Reload current = session.status().reload();
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

	private ExitStatus upgrade(MasterSession session, boolean waitFor) throws CommandFailedException {
		ClusterStatus.Upgrade started = MasterSession.read(accepted(session.request(ControlMessage.UPGRADE)),
				ClusterStatus.Upgrade.class);
		try (UpgradeProgress progress = new UpgradeProgress(session, this.masters, this.replyTimeout, this.err)) {
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

	private void pause() throws CommandFailedException {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandFailedException(ExitStatus.FAILED, "Interrupted");
		}
	}

}
