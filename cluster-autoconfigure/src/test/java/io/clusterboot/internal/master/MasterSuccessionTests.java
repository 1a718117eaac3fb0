package io.clusterboot.internal.master;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.clusterboot.internal.ipc.AnsweringMaster;
import io.clusterboot.internal.ipc.ControlMessage;
import io.clusterboot.internal.master.MasterEvent.PredecessorReleased;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered;
import io.clusterboot.internal.master.MasterEvent.TakeOverAnswered.Answer;
import io.clusterboot.internal.master.MasterSuccession.Predecessor;
import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.net.ListenerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MasterSuccession}: the new master's take-over and its wait for the
 * leadership against a control server that plays the master it replaces, and the
 * environment a successor starts with.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class MasterSuccessionTests {

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
			CompletableFuture<TakeOverAnswered> answer = new MasterSuccession(List.of("true"), new FakeSocket(),
					Path.of("unused"), null, new Predecessor(predecessor.pid(),
							this.directory.resolve("gone/control.sock"), null, null), null)
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
			CompletableFuture<PredecessorReleased> released = new MasterSuccession(List.of("true"), new FakeSocket(),
					Path.of("unused"), null, new Predecessor(predecessor.pid(), older.socketPath(), null, null), null)
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

	@Test
	void aSuccessorStartsWithTheMastersCommandAndWhereToFindItsPredecessor() throws Exception {
		Path printed = this.directory.resolve("environment");
		Path control = this.directory.resolve("control.sock");
		Path sockets = this.directory.resolve("sockets.sock");
		MasterSuccession succession = new MasterSuccession(List.of("sh", "-c", "env > " + printed), new FakeSocket(),
				control, sockets, null, null);
		Process successor = succession.startSuccessor(new Supervisor.Scale(3, 2));
		assertThat(successor.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(Files.readAllLines(printed, StandardCharsets.UTF_8)).contains(
				MasterSuccession.PREDECESSOR_PID + "=" + ProcessHandle.current().pid(),
				MasterSuccession.PREDECESSOR_CONTROL + "=" + control,
				MasterSuccession.PREDECESSOR_SOCKETS + "=" + sockets, MasterSuccession.PREDECESSOR_SCALE + "=3/2",
				FakeSocket.CONFIGURED);
		assertThat(Predecessor.of(Map.of(MasterSuccession.PREDECESSOR_PID, "42", MasterSuccession.PREDECESSOR_CONTROL,
				control.toString(), MasterSuccession.PREDECESSOR_SCALE, "3/2")))
			.isEqualTo(new Predecessor(42, control, null, new Supervisor.Scale(3, 2)));
		assertThat(Predecessor.of(Map.of(MasterSuccession.PREDECESSOR_PID, "42", MasterSuccession.PREDECESSOR_CONTROL,
				control.toString(), MasterSuccession.PREDECESSOR_SCALE, "three"))).isEqualTo(new Predecessor(42, control,
						null, null));
		assertThat(Predecessor.of(Map.of())).isNull();
	}

	private static MasterSuccession successorOf(Path predecessorControl, PidFile pidFile) {
		return new MasterSuccession(List.of("true"), new FakeSocket(), Path.of("unused"), null,
				new Predecessor(PREDECESSOR, predecessorControl, null, null), pidFile);
	}

	/**
	 * A listening socket that marks the processes it is configured for.
	 */
	private static final class FakeSocket implements ListenSocket {

		static final String CONFIGURED = "FAKE_SOCKET=configured";

		@Override
		public ListenerMode mode() {
			return ListenerMode.SHARED;
		}

		@Override
		public InetSocketAddress address() {
			return new InetSocketAddress(0);
		}

		@Override
		public void configure(ProcessBuilder builder) {
			builder.environment().put("FAKE_SOCKET", "configured");
		}

		@Override
		public void close() throws IOException {
		}

	}

}
