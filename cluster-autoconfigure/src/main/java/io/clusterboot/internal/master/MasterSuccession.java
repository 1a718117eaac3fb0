package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.clusterboot.internal.ipc.CommandSession;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.internal.master.MasterEvent.PredecessorReleased;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered.Answer;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.support.JvmOptionVariables;
import io.clusterboot.internal.systemd.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes' side of a master upgrade, for both masters. The master that is replaced
 * starts its successor: its own command line (the jar on disk, the same java command and
 * options), the listening socket on standard input as its workers get it, the management
 * socket from its descriptor server, and its own standard output and error, which outlive
 * it. The successor, once its workers are ready, tells its predecessor over the
 * predecessor's control socket that it takes over, and then writes the pid file; then it
 * waits until no worker of its predecessor leads before one of its own may.
 *
 * @author ClusterBoot team
 */
final class MasterSuccession {

	/**
	 * The pid of the master a new master replaces.
	 */
	static final String PREDECESSOR_PID = "CLUSTERBOOT_PREDECESSOR_PID";

	/**
	 * The control socket of the master a new master replaces, to tell it when it takes
	 * over.
	 */
	static final String PREDECESSOR_CONTROL = "CLUSTERBOOT_PREDECESSOR_CONTROL";

	/**
	 * Where a new master fetches the listening sockets of the master it replaces other
	 * than the one on standard input.
	 */
	static final String PREDECESSOR_SOCKETS = "CLUSTERBOOT_PREDECESSOR_SOCKETS";

	/**
	 * How many workers the master a new master replaces runs, and how many its settings
	 * ask for: {@code <workers>/<configured>}.
	 */
	static final String PREDECESSOR_SCALE = "CLUSTERBOOT_PREDECESSOR_SCALE";

	private static final List<String> VARIABLES = List.of(PREDECESSOR_PID, PREDECESSOR_CONTROL, PREDECESSOR_SOCKETS,
			PREDECESSOR_SCALE);

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(MasterSuccession.class);

	private final List<String> command;

	private final ListenSocket socket;

	private final Path controlSocket;

	private final Path descriptorSocket;

	private final Predecessor predecessor;

	private final PidFile pidFile;

	/**
	 * Creates the succession of a master.
	 * @param command the master's own command line
	 * @param socket the listening socket a successor serves
	 * @param controlSocket this master's control socket
	 * @param descriptorSocket where a successor fetches the other listening sockets, or
	 * {@code null} if there are none
	 * @param predecessor the master this one replaces, or {@code null}
	 * @param pidFile the pid file: to write once this master took over, to leave once it
	 * handed over; or {@code null}
	 */
	MasterSuccession(List<String> command, ListenSocket socket, Path controlSocket, Path descriptorSocket,
			Predecessor predecessor, PidFile pidFile) {
		this.command = List.copyOf(command);
		this.socket = socket;
		this.controlSocket = controlSocket;
		this.descriptorSocket = descriptorSocket;
		this.predecessor = predecessor;
		this.pidFile = pidFile;
	}

	/**
	 * Removes the variables that make a master a successor from the environment of a
	 * process it starts.
	 * @param environment the process's environment
	 */
	static void removeVariables(Map<String, String> environment) {
		VARIABLES.forEach(environment::remove);
	}

	/**
	 * Records that this master handed the service over to its successor, which writes
	 * the pid file now: this master leaves it when it exits.
	 */
	void handedOver() {
		if (this.pidFile != null) {
			this.pidFile.handedOver();
		}
	}

	/**
	 * Starts the master that replaces this one.
	 * @param scale the workers this master runs
	 * @return its process
	 * @throws IOException if it cannot be started
	 */
	Process startSuccessor(Supervisor.Scale scale) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
			.redirectError(ProcessBuilder.Redirect.INHERIT);
		Map<String, String> environment = builder.environment();
		// the sockets come on standard input and from the descriptor server
		ServiceManager.removeListenVariables(environment);
		removeVariables(environment);
		JvmOptionVariables.remove(environment);
		environment.put(PREDECESSOR_PID, Long.toString(ProcessHandle.current().pid()));
		environment.put(PREDECESSOR_CONTROL, this.controlSocket.toString());
		environment.put(PREDECESSOR_SCALE, scale.workers() + "/" + scale.configuredWorkers());
		if (this.descriptorSocket != null) {
			environment.put(PREDECESSOR_SOCKETS, this.descriptorSocket.toString());
		}
		this.socket.configure(builder);
		return builder.start();
	}

	/**
	 * Tells the master this one replaces that it takes over, on a thread of its own, and
	 * writes the pid file unless that master refused. A master that does not answer (no
	 * reply in time, a connection that fails or closes) is asked again until it answers or
	 * is gone: it may have accepted a take-over whose reply was lost, and it stops this
	 * master itself if it gave up on it.
	 * @return the answer
	 */
	CompletableFuture<TakeOverAnswered> takeOver() {
		return CompletableFuture.supplyAsync(this::takeOverNow)
			.exceptionally((ex) -> new TakeOverAnswered(Answer.REFUSED, "the take-over failed: " + ex));
	}

	private TakeOverAnswered takeOverNow() {
		try {
			return withPidFile(askUntilAnswered(this::askToTakeOver, (ex) -> logger.warn(
					"Master pid {} does not answer the take-over ({}); asking again until it answers or is gone",
					this.predecessor.pid(), ex.getMessage())));
		}
		catch (PredecessorGoneException ex) {
			return withPidFile(new TakeOverAnswered(Answer.GONE, "it exited"
					+ ((ex.getMessage() != null) ? " without answering (" + ex.getMessage() + ")" : "")));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new TakeOverAnswered(Answer.REFUSED, "interrupted");
		}
	}

	/**
	 * Waits, on a thread of its own, until no worker of the master this one took over
	 * from leads any more. That master is asked until it answers that its leader
	 * released the leadership or is gone, which it does only then: a request that is not
	 * answered in time is sent again. Its exit ends the wait too. A master that cannot
	 * tell (one of an older ClusterBoot) is waited for until it exits.
	 * @return that no worker of the master this one replaces leads
	 */
	CompletableFuture<PredecessorReleased> awaitRelease() {
		Executor thread = (task) -> {
			Thread waiting = new Thread(task, "cluster-leadership-handover");
			waiting.setDaemon(true);
			waiting.start();
		};
		return CompletableFuture.supplyAsync(this::awaitReleaseNow, thread);
	}

	private PredecessorReleased awaitReleaseNow() {
		long pid = this.predecessor.pid();
		try {
			String refused = askUntilAnswered(this::askToRelease,
					(ex) -> logger.debug("Master pid {} has not answered whether its leader released the leadership "
							+ "({}); asking again", pid, ex.getMessage()));
			if (refused == null) {
				return new PredecessorReleased("its leader released the leadership or is gone");
			}
			logger.warn("Master pid {} cannot tell whether its leader released the leadership ({}): waiting until "
					+ "it exited", pid, refused);
			while (isRunning(pid)) {
				Thread.sleep(RETRY_INTERVAL.toMillis());
			}
		}
		catch (PredecessorGoneException ex) {
			// its workers stop with it
		}
		catch (InterruptedException ex) {
			// not known: no worker of this master may lead
			Thread.currentThread().interrupt();
			throw new CompletionException(ex);
		}
		return new PredecessorReleased("master pid " + pid + " exited");
	}

	/**
	 * Asks the master this one replaces until it answers: a master that does not (no reply
	 * in time, a connection that fails or closes) is asked again while it runs.
	 * @param question asks once
	 * @param unanswered told of the first failure to answer
	 * @return the answer
	 * @throws PredecessorGoneException if it is gone, with the last failure's message
	 * @throws InterruptedException if the thread is interrupted meanwhile
	 */
	private <T> T askUntilAnswered(Question<T> question, Consumer<IOException> unanswered)
			throws PredecessorGoneException, InterruptedException {
		String failure = null;
		while (isRunning(this.predecessor.pid())) {
			try (CommandSession session = connectToPredecessor()) {
				return question.ask(session);
			}
			catch (IOException ex) {
				if (failure == null) {
					unanswered.accept(ex);
				}
				failure = ex.getMessage();
			}
			if (!isRunning(this.predecessor.pid())) {
				break;
			}
			Thread.sleep(RETRY_INTERVAL.toMillis());
		}
		throw new PredecessorGoneException(failure);
	}

	private TakeOverAnswered withPidFile(TakeOverAnswered answered) {
		if (answered.answer() == Answer.REFUSED || this.pidFile == null) {
			return answered;
		}
		try {
			this.pidFile.replace(this.predecessor.pid());
			return answered;
		}
		catch (IOException | RuntimeException ex) {
			return new TakeOverAnswered(answered.answer(),
					answered.detail() + "; the pid file could not be written: " + ex.getMessage());
		}
	}

	private CommandSession connectToPredecessor() throws IOException {
		Path control = this.predecessor.controlSocket();
		return CommandSession.connect(control, MasterDirectories.readToken(control), ANSWER_TIMEOUT);
	}

	/**
	 * Asks the master this one replaces to let it take over.
	 * @return its answer
	 * @throws IOException if it did not answer
	 */
	private TakeOverAnswered askToTakeOver(CommandSession session) throws IOException {
		String refused = refusal(session.hello());
		if (refused == null) {
			refused = refusal(session.request(ControlMessage.TAKE_OVER));
		}
		return (refused != null) ? new TakeOverAnswered(Answer.REFUSED, refused)
				: new TakeOverAnswered(Answer.ACCEPTED, "it drains its workers and exits");
	}

	/**
	 * Asks the master this one took over from to answer once none of its workers leads.
	 * @return {@code null} once none does, or why it refuses to tell
	 * @throws IOException if it did not answer in time
	 */
	private String askToRelease(CommandSession session) throws IOException {
		String refused = refusal(session.hello());
		return (refused != null) ? refused : refusal(session.request(ControlMessage.RELEASE_LEADERSHIP));
	}

	private static String refusal(Map<String, Object> body) {
		Object refused = body.getOrDefault(ControlMessage.REJECTED, body.get(ControlMessage.REFUSED));
		return (refused != null) ? refused.toString() : null;
	}

	/**
	 * Returns whether a process runs: a zombie, a master that exited and that its parent
	 * has not reaped yet, does not.
	 */
	static boolean isRunning(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
			return state != 'Z' && state != 'X';
		}
		catch (IOException | RuntimeException ex) {
			return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
		}
	}

	/**
	 * A question to the master this one replaces.
	 *
	 * @param <T> the answer
	 */
	@FunctionalInterface
	private interface Question<T> {

		T ask(CommandSession session) throws IOException;

	}

	/**
	 * The master this one replaces is gone before it answered.
	 */
	private static final class PredecessorGoneException extends Exception {

		/**
		 * Creates the exception.
		 * @param lastFailure why the last question was not answered, or {@code null}
		 */
		PredecessorGoneException(String lastFailure) {
			super(lastFailure, null, false, false);
		}

	}

	/**
	 * The master a new master replaces, from the environment its predecessor started it
	 * with.
	 *
	 * @param pid its pid
	 * @param controlSocket its control socket
	 * @param sockets where to fetch its listening sockets other than the one on standard
	 * input, or {@code null}
	 * @param scale how many workers it runs, or {@code null} if it did not say
	 */
	record Predecessor(long pid, Path controlSocket, Path sockets, Supervisor.Scale scale) {

		/**
		 * Reads the predecessor from an environment.
		 * @param environment the environment
		 * @return the predecessor, or {@code null} if this master replaces none
		 */
		static Predecessor of(Map<String, String> environment) {
			String pid = environment.get(PREDECESSOR_PID);
			String control = environment.get(PREDECESSOR_CONTROL);
			if (pid == null || control == null) {
				return null;
			}
			String sockets = environment.get(PREDECESSOR_SOCKETS);
			return new Predecessor(Long.parseLong(pid), Path.of(control), (sockets != null) ? Path.of(sockets) : null,
					scale(environment.get(PREDECESSOR_SCALE)));
		}

		private static Supervisor.Scale scale(String value) {
			String[] counts = (value != null) ? value.split("/") : new String[0];
			try {
				return (counts.length == 2)
						? new Supervisor.Scale(Integer.parseInt(counts[0]), Integer.parseInt(counts[1])) : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
