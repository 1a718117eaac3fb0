package io.clusterboot.internal.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link DescriptorServer} and {@link DescriptorClient}: real sockets, passed
 * within this process.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DescriptorServerTests {

	@TempDir
	Path directory;

	@Test
	void passesListeningSocketsByName() throws IOException {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (SharedListenSocket management = SharedListenSocket.openPassed(loopback, 0, 8);
				SharedListenSocket metrics = SharedListenSocket.openPassed(loopback, 0, 8);
				DescriptorServer server = DescriptorServer.start(this.directory,
						Map.of("management", management.descriptor()), (pid) -> true)) {
			Map<String, Integer> passed = DescriptorClient.fetch(server.socketPath());
			assertThat(passed).containsOnlyKeys("management");
			int descriptor = passed.get("management");
			assertThat(descriptor).isNotEqualTo(management.descriptor()).isNotEqualTo(metrics.descriptor());
			assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptor)))
				.isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/" + management.descriptor())));
			Posix.close(descriptor);
			// the server answers every connection
			int again = DescriptorClient.fetch(server.socketPath()).get("management");
			Posix.close(again);
		}
	}

	@Test
	void refusesProcessesItDidNotStart() throws IOException {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		try (SharedListenSocket management = SharedListenSocket.openPassed(InetAddress.getLoopbackAddress(), 0, 8);
				DescriptorServer server = DescriptorServer.start(this.directory,
						Map.of("management", management.descriptor()), (pid) -> false)) {
			assertThatIOException().isThrownBy(() -> DescriptorClient.fetch(server.socketPath()))
				.withMessageContaining("passed no socket");
			try (Socket client = new Socket(management.address().getAddress(), management.address().getPort())) {
				assertThat(client.isConnected()).as("the socket still listens").isTrue();
			}
		}
	}

	@Test
	void passesOnlyToDescendantsOfTheMaster() throws IOException {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		try (SharedListenSocket management = SharedListenSocket.openPassed(InetAddress.getLoopbackAddress(), 0, 8);
				DescriptorServer server = DescriptorServer.start(this.directory,
						Map.of("management", management.descriptor()))) {
			// this process is the master itself, not one it started
			assertThatIOException().isThrownBy(() -> DescriptorClient.fetch(server.socketPath()))
				.withMessageContaining("passed no socket");
		}
	}

	@Test
	void closeStopsServingAndRemovesTheSocketFile() throws IOException {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		try (SharedListenSocket management = SharedListenSocket.openPassed(InetAddress.getLoopbackAddress(), 0, 8)) {
			DescriptorServer server = DescriptorServer.start(this.directory,
					Map.of("management", management.descriptor()), (pid) -> true);
			server.close();
			assertThat(server.socketPath()).doesNotExist();
			assertThatIOException().isThrownBy(() -> DescriptorClient.fetch(server.socketPath()));
		}
	}

}
