package io.clusterboot.internal.posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link UnixSockets} on a real connection within this process.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnixSocketsTests {

	@TempDir
	Path directory;

	private int listener = -1;

	private int client = -1;

	private int accepted = -1;

	@BeforeEach
	void connect() throws IOException {
		assumeThat(Posix.isAvailableOn64Bits()).as("64-bit Linux with JNA").isTrue();
		Path path = this.directory.resolve("s.sock");
		this.listener = UnixSockets.listen(path, 1);
		this.client = UnixSockets.connect(path, 5000);
		this.accepted = UnixSockets.accept(this.listener);
	}

	@AfterEach
	void close() {
		if (this.accepted >= 0) {
			Posix.closeQuietly(new int[] { this.listener, this.client, this.accepted });
		}
	}

	@Test
	void aConnectionTellsItsPeer() throws IOException {
		assertThat(UnixSockets.peerCredentials(this.accepted))
			.isEqualTo(new PeerCredentials(ProcessHandle.current().pid(), Posix.effectiveUserId()));
	}

	@Test
	void aConnectionCarriesBytesUntilItIsShutDown() throws IOException {
		assertThat(UnixSockets.write(this.client, "hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(5);
		byte[] buffer = new byte[16];
		assertThat(new String(buffer, 0, UnixSockets.read(this.accepted, buffer), StandardCharsets.UTF_8))
			.isEqualTo("hello");
		UnixSockets.shutdown(this.client);
		assertThat(UnixSockets.read(this.accepted, buffer)).isZero();
	}

	@Test
	void aPayloadComesWithTheDescriptorsItCarries() throws IOException {
		UnixSockets.sendDescriptors(this.accepted, "one\ntwo".getBytes(StandardCharsets.UTF_8),
				new int[] { this.listener, this.listener }, 5000);
		ReceivedMessage received = UnixSockets.receiveDescriptors(this.client);
		try {
			assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo");
			assertThat(received.descriptors()).hasSize(2).doesNotContain(this.listener);
			for (int descriptor : received.descriptors()) {
				assertThat(PosixSockets.option(descriptor, PosixSockets.SO_ACCEPTCONN)).isOne();
			}
		}
		finally {
			Posix.closeQuietly(received.descriptors());
		}
	}

	@Test
	void moreDescriptorsThanAMessageCarriesAreRefused() {
		assertThatIOException()
			.isThrownBy(() -> UnixSockets.sendDescriptors(this.accepted, new byte[1], new int[17], 5000))
			.withMessage("Cannot pass more than 16 descriptors");
	}

	@Test
	void aSocketThatNobodyListensOnIsNotConnected() {
		Path path = this.directory.resolve("none.sock");
		assertThatIOException().isThrownBy(() -> UnixSockets.connect(path, 5000))
			.withMessage("Could not connect to " + path + ": No such file or directory (errno 2 from connect)");
	}

}
