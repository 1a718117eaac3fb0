package io.clusterboot.internal.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReusePortReservation}, the master's hold on the port when workers bind
 * their own {@code SO_REUSEPORT} sockets.
 *
 * @author ClusterBoot team
 */
class ReusePortReservationTests {

	private final InetAddress loopback = InetAddress.getLoopbackAddress();

	@Test
	void openShouldKeepOtherProgramsOffThePortButLetWorkersListen() throws IOException {
		try (ReusePortReservation reservation = ReusePortReservation.open(this.loopback, 0)) {
			int port = reservation.address().getPort();
			assertThat(port).isPositive();
			assertThat(reservation.mode()).isEqualTo(ListenerMode.REUSE_PORT);
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new ServerSocket(port, 50, this.loopback).close());
			try (ServerSocketChannel worker = ServerSocketChannel.open()) {
				worker.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				worker.bind(new InetSocketAddress(this.loopback, port));
				assertThat(worker.socket().getLocalPort()).isEqualTo(port);
			}
		}
	}

	@Test
	void openWhenPortTakenShouldThrowPortInUse() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, this.loopback)) {
			assertThatExceptionOfType(PortInUseException.class)
				.isThrownBy(() -> ReusePortReservation.open(this.loopback, taken.getLocalPort()))
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(taken.getLocalPort()));
		}
	}

	@Test
	void configureShouldTellWorkersThePort() throws IOException {
		try (ReusePortReservation reservation = ReusePortReservation.open(this.loopback, 0)) {
			ProcessBuilder builder = new ProcessBuilder("true");
			reservation.configure(builder);
			assertThat(builder.environment()).containsEntry(ListenSocket.PORT_VARIABLE,
					Integer.toString(reservation.address().getPort()));
		}
	}

}
