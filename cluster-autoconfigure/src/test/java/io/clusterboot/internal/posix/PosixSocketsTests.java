package io.clusterboot.internal.posix;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link PosixSockets} on a real TCP socket.
 *
 * @author ClusterBoot team
 */
class PosixSocketsTests {

	private int fd = -1;

	@BeforeEach
	void createSocket() throws IOException {
		assumeThat(Posix.isAvailable()).as("Linux with JNA").isTrue();
		this.fd = PosixSockets.socket(PosixSockets.AF_INET, PosixSockets.SOCK_STREAM);
	}

	@AfterEach
	void closeSocket() throws IOException {
		if (this.fd >= 0) {
			Posix.close(this.fd);
		}
	}

	@Test
	void aTakenAddressIsTold() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			byte[] address = SocketAddresses.inet((InetSocketAddress) taken.getLocalSocketAddress());
			assertThatExceptionOfType(ErrnoException.class).isThrownBy(() -> PosixSockets.bind(this.fd, address))
				.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(ErrnoException.EADDRINUSE));
		}
	}

	@Test
	void aSocketTellsItsAddressAndOptions() throws IOException {
		PosixSockets.setOption(this.fd, PosixSockets.SO_REUSEADDR, 1);
		PosixSockets.bind(this.fd, SocketAddresses.inet(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
		PosixSockets.listen(this.fd, 1);
		InetSocketAddress bound = PosixSockets.localAddress(this.fd);
		assertThat(bound.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
		assertThat(bound.getPort()).isPositive();
		assertThat(PosixSockets.option(this.fd, PosixSockets.SO_REUSEADDR)).isOne();
		assertThat(PosixSockets.option(this.fd, PosixSockets.SO_DOMAIN)).isEqualTo(PosixSockets.AF_INET);
		assertThat(PosixSockets.option(this.fd, PosixSockets.SO_TYPE)).isEqualTo(PosixSockets.SOCK_STREAM);
		assertThat(PosixSockets.option(this.fd, PosixSockets.SO_ACCEPTCONN)).isOne();
	}

}
