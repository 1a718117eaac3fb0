package io.clusterboot.internal.posix;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SocketAddresses}.
 *
 * @author ClusterBoot team
 */
class SocketAddressesTests {

	@Test
	void anIpv4AddressIsASockaddrInWithThePortInNetworkOrder() throws Exception {
		byte[] sockaddr = SocketAddresses.inet(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 8080));
		assertThat(sockaddr).hasSize(16);
		assertThat(family(sockaddr)).isEqualTo(PosixSockets.AF_INET);
		assertThat(Arrays.copyOfRange(sockaddr, 2, 8)).containsExactly(0x1f, 0x90, 127, 0, 0, 2);
	}

	@Test
	void anIpv6AddressIsASockaddrIn6() throws Exception {
		byte[] sockaddr = SocketAddresses.inet(new InetSocketAddress(InetAddress.getByName("::1"), 443));
		assertThat(sockaddr).hasSize(28);
		assertThat(family(sockaddr)).isEqualTo(PosixSockets.AF_INET6);
		assertThat(Arrays.copyOfRange(sockaddr, 2, 4)).containsExactly(0x01, 0xbb);
		assertThat(sockaddr[23]).isEqualTo((byte) 1);
	}

	@Test
	void addressesAreReadAsTheyAreWritten() throws Exception {
		for (String host : new String[] { "10.1.2.3", "0.0.0.0", "fe80::1", "::" }) {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), 65535);
			assertThat(SocketAddresses.inet(SocketAddresses.inet(address))).isEqualTo(address);
		}
	}

	@Test
	void aUnixAddressIsNotReadAsAnInternetOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> SocketAddresses.inet(SocketAddresses.unix("/run/s")))
			.withMessage("Address family 1 is not IPv4 or IPv6");
	}

	@Test
	void aSocketFileIsItsPathEndingWithNulEvenIfItStartsWithAnAt() {
		byte[] sockaddr = SocketAddresses.unix(Path.of("@control.sock"));
		assertThat(family(sockaddr)).isEqualTo(PosixSockets.AF_UNIX);
		assertThat(Arrays.copyOfRange(sockaddr, 2, sockaddr.length))
			.isEqualTo("@control.sock\0".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aSocketFileOfMoreThan107BytesIsRefused() {
		assertThat(SocketAddresses.unix(Path.of("/" + "x".repeat(106)))).hasSize(110);
		assertThatIllegalArgumentException().isThrownBy(() -> SocketAddresses.unix(Path.of("/" + "x".repeat(107))))
			.withMessageStartingWith("Socket path longer than 107 bytes: /xxx");
	}

	private static int family(byte[] sockaddr) {
		return ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort(0);
	}

}
