package io.clusterboot.internal.master;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.net.ListenSocket;
import io.clusterboot.internal.net.ListenerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SuccessorLauncher} and {@link Predecessor}: the environment a
 * successor starts with, and what it reads from it.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class SuccessorLauncherTests {

	@TempDir
	Path directory;

	@Test
	void aSuccessorStartsWithTheMastersCommandAndWhereToFindItsPredecessor() throws Exception {
		Path printed = this.directory.resolve("environment");
		Path control = this.directory.resolve("control.sock");
		Path sockets = this.directory.resolve("sockets.sock");
		SuccessorLauncher launcher = new SuccessorLauncher(List.of("sh", "-c", "env > " + printed), new FakeSocket(),
				control, sockets, null);
		Process successor = launcher.start(new Supervisor.Scale(3, 2));
		assertThat(successor.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(Files.readAllLines(printed, StandardCharsets.UTF_8)).contains(
				Predecessor.PID + "=" + ProcessHandle.current().pid(),
				Predecessor.CONTROL + "=" + control,
				Predecessor.SOCKETS + "=" + sockets, Predecessor.SCALE + "=3/2",
				FakeSocket.CONFIGURED);
		assertThat(Predecessor.of(Map.of(Predecessor.PID, "42", Predecessor.CONTROL,
				control.toString(), Predecessor.SCALE, "3/2")))
			.isEqualTo(new Predecessor(42, control, null, new Supervisor.Scale(3, 2)));
		assertThat(Predecessor.of(Map.of(Predecessor.PID, "42", Predecessor.CONTROL,
				control.toString(), Predecessor.SCALE, "three"))).isEqualTo(new Predecessor(42, control,
						null, null));
		assertThat(Predecessor.of(Map.of())).isNull();
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
