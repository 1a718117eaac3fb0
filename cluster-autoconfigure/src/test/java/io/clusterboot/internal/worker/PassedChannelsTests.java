package io.clusterboot.internal.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.net.SharedListenSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link PassedChannels}: the JDK's channel of a listening socket made with
 * libc, as a worker makes one of a socket the master passed (surefire runs with
 * {@link DescriptorServer#CHANNEL_JVM_OPTION}).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PassedChannelsTests {

	@Test
	void channelOfAPassedSocketHasItsAddressAndAcceptsThroughASelector() throws IOException {
		assumeThat(DescriptorServer.isSupported()).as("64-bit Linux with JNA").isTrue();
		try (SharedListenSocket socket = SharedListenSocket.openPassed(InetAddress.getLoopbackAddress(), 0, 8)) {
			ServerSocketChannel channel = PassedChannels.channel(socket.descriptor());
			assertThat(channel.getLocalAddress()).isEqualTo(socket.address());
			assertThat(channel.socket().getLocalPort()).isEqualTo(socket.address().getPort());
			channel.configureBlocking(false);
			try (Selector selector = Selector.open();
					Socket client = new Socket(InetAddress.getLoopbackAddress(), socket.address().getPort())) {
				channel.register(selector, SelectionKey.OP_ACCEPT);
				assertThat(selector.select(10_000)).isEqualTo(1);
				try (SocketChannel accepted = channel.accept()) {
					assertThat(accepted).isNotNull();
					assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getPort())
						.isEqualTo(client.getLocalPort());
				}
			}
		}
	}

}
