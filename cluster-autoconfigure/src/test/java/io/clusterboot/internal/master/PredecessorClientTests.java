package io.clusterboot.internal.master;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.clusterboot.internal.ipc.AnsweringMaster;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterEvent.PredecessorReleased;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PredecessorClient}: the new master's take-over and its wait for the
 * leadership against a control server that plays the master it replaces.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class PredecessorClientTests {

	/**
	 * A process that runs while the test does: the test JVM's parent.
	 */
	private static final long PREDECESSOR = ProcessHandle.current().parent().orElseThrow().pid();

	@TempDir
	Path directory;

	@Test
	void anAcceptedTakeOverWritesThePidFileOverThePredecessors() throws Exception {
		Path pidFile = this.directory.resolve("master.pid");
		Files.writeString(pidFile, PREDECESSOR + "\n");
		try (AnsweringMaster predecessor = AnsweringMaster.start(this.directory,
				(request) -> ControlMessage.TAKE_OVER.equals(request.type()) ? Map.of("accepted", true) : Map.of())) {
			TakeOverAnswered answered = successorOf(predecessor.socketPath(), PidFile.at(pidFile)).takeOver()
				.get(20, TimeUnit.SECONDS);
			assertThat(answered).isEqualTo(new TakeOverAnswered(Answer.ACCEPTED, "it drains its workers and exits"));
		}
		assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
	}

	@Test
	void aRefusedTakeOverLeavesThePidFile() throws Exception {
		Path pidFile = this.directory.resolve("master.pid");
		Files.writeString(pidFile, PREDECESSOR + "\n");
		try (AnsweringMaster predecessor = AnsweringMaster.start(this.directory,
				(request) -> Map.of(ControlMessage.REJECTED, "No master upgrade waits for this pid"))) {
			TakeOverAnswered answered = successorOf(predecessor.socketPath(), PidFile.at(pidFile)).takeOver()
				.get(20, TimeUnit.SECONDS);
			assertThat(answered)
				.isEqualTo(new TakeOverAnswered(Answer.REFUSED, "No master upgrade waits for this pid"));
		}
		assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(PREDECESSOR));
	}

	@Test
	void aPredecessorThatDoesNotAnswerIsAskedAgainUntilItIsGone() throws Exception {
		Process predecessor = new ProcessBuilder("sleep", "30").start();
		try {
			CompletableFuture<TakeOverAnswered> answer = new PredecessorClient(
					new Predecessor(predecessor.pid(), this.directory.resolve("gone/control.sock"), null, null), null)
				.takeOver();
			assertThatExceptionOfType(TimeoutException.class).as("no answer while the predecessor runs")
				.isThrownBy(() -> answer.get(1500, TimeUnit.MILLISECONDS));
			predecessor.destroyForcibly().waitFor();
			TakeOverAnswered answered = answer.get(20, TimeUnit.SECONDS);
			assertThat(answered.answer()).isEqualTo(Answer.GONE);
			assertThat(answered.detail()).startsWith("it exited without answering (");
		}
		finally {
			predecessor.destroyForcibly();
		}
	}

	@Test
	void aPredecessorThatAnswersThatNoneOfItsWorkersLeadsReleasedTheLeadership() throws Exception {
		try (AnsweringMaster predecessor = AnsweringMaster.start(this.directory,
				(request) -> ControlMessage.RELEASE_LEADERSHIP.equals(request.type()) ? Map.of("released", true)
						: Map.of())) {
			PredecessorReleased released = successorOf(predecessor.socketPath(), null).awaitRelease()
				.get(20, TimeUnit.SECONDS);
			assertThat(released).isEqualTo(new PredecessorReleased("its leader released the leadership or is gone"));
		}
	}

	@Test
	void aPredecessorThatCannotTellReleasedTheLeadershipOnceItExited() throws Exception {
		Process predecessor = new ProcessBuilder("sleep", "30").start();
		try (AnsweringMaster older = AnsweringMaster.start(this.directory,
				(request) -> Map.of(ControlMessage.REJECTED, "Unknown request '" + request.type() + "'"))) {
			CompletableFuture<PredecessorReleased> released = new PredecessorClient(
					new Predecessor(predecessor.pid(), older.socketPath(), null, null), null)
				.awaitRelease();
			assertThatExceptionOfType(TimeoutException.class).as("not released while the predecessor runs")
				.isThrownBy(() -> released.get(1500, TimeUnit.MILLISECONDS));
			predecessor.destroyForcibly().waitFor();
			assertThat(released.get(20, TimeUnit.SECONDS))
				.isEqualTo(new PredecessorReleased("master pid " + predecessor.pid() + " exited"));
		}
		finally {
			predecessor.destroyForcibly();
		}
	}

	private static PredecessorClient successorOf(Path predecessorControl, PidFile pidFile) {
		return new PredecessorClient(new Predecessor(PREDECESSOR, predecessorControl, null, null), pidFile);
	}

}
