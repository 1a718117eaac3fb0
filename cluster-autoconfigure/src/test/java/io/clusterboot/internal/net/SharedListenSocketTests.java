package io.clusterboot.internal.net;

import java.io.IOException;

import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.PosixSockets;
import io.clusterboot.internal.systemd.InvalidListenSocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SharedListenSocket#inheritPassed(int, String)} with descriptors that
 * are not a listening TCP socket, made with libc as a service manager would pass them.
 *
 * @author ClusterBoot team
 */
@EnabledOnOs(OS.LINUX)
class SharedListenSocketTests {

	@Test
	void aTcpSocketThatDoesNotListenIsRefused() throws IOException {
		int fd = PosixSockets.socket(PosixSockets.AF_INET, PosixSockets.SOCK_STREAM);
		try {
			assertThatExceptionOfType(InvalidListenSocketException.class)
				.isThrownBy(() -> SharedListenSocket.inheritPassed(fd, "LISTEN_FDS"))
				.satisfies((ex) -> {
					assertThat(ex.getSource()).isEqualTo("LISTEN_FDS (descriptor " + fd + ")");
					assertThat(ex.getReason()).isEqualTo("it is not listening (a connection of Accept=yes?)");
					assertThat(ex.getAction()).contains("Accept=no");
				});
		}
		finally {
			Posix.close(fd);
		}
	}

	@Test
	void aUdpSocketIsRefused() throws IOException {
		int fd = PosixSockets.socket(PosixSockets.AF_INET, PosixSockets.SOCK_DGRAM);
		try {
			assertThatExceptionOfType(InvalidListenSocketException.class)
				.isThrownBy(() -> SharedListenSocket.inheritPassed(fd, "LISTEN_FDS"))
				.withMessageContaining("it is not a TCP socket");
		}
		finally {
			Posix.close(fd);
		}
	}

	@Test
	void aDescriptorThatIsNotOpenIsRefused() {
		// above any open file limit: never open
		int fd = 1 << 30;
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> SharedListenSocket.inheritPassed(fd, "LISTEN_FDS"))
			.withMessageContaining("it is not open");
	}

}
