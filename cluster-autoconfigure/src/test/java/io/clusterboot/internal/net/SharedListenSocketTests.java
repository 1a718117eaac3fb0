package io.clusterboot.internal.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
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

	private static final int AF_INET = 2;

	private static final int SOCK_STREAM = 1;

	private static final int SOCK_DGRAM = 2;

	@Test
	void aTcpSocketThatDoesNotListenIsRefused() {
		int fd = LibC.INSTANCE.socket(AF_INET, SOCK_STREAM, 0);
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
			LibC.INSTANCE.close(fd);
		}
	}

	@Test
	void aUdpSocketIsRefused() {
		int fd = LibC.INSTANCE.socket(AF_INET, SOCK_DGRAM, 0);
		try {
			assertThatExceptionOfType(InvalidListenSocketException.class)
				.isThrownBy(() -> SharedListenSocket.inheritPassed(fd, "LISTEN_FDS"))
				.withMessageContaining("it is not a TCP socket");
		}
		finally {
			LibC.INSTANCE.close(fd);
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

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int socket(int domain, int type, int protocol) throws LastErrorException;

		int close(int fd) throws LastErrorException;

	}

}
