package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side of a master upgrade of the new master: once its workers are ready, it tells
 * its predecessor over the predecessor's control socket that it takes over, and then
 * writes the pid file; then it waits until no worker of its predecessor leads before
 * one of its own may. Each conversation runs on a thread of its own, so the master's
 * thread never waits on the other master.
 *
 * @author ClusterBoot team
 */
final class PredecessorClient {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(PredecessorClient.class);

	private final Predecessor predecessor;

	private final PidFile pidFile;

	/**
	 * Creates the client of the master this one replaces.
	 * @param predecessor that master
	 * @param pidFile the pid file to write once this master took over, or {@code null}
	 */
	PredecessorClient(Predecessor predecessor, PidFile pidFile) {
		this.predecessor = predecessor;
		this.pidFile = pidFile;
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
	private static boolean isRunning(long pid) {
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

}
