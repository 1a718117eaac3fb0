package io.clusterboot.worker.tomcat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClusterNioEndpoint} in its fallback mode, where no socket is inherited
 * and each server binds its own {@code SO_REUSEPORT} socket: two Tomcat servers in this
 * JVM share one loopback port, and one of them drains while the other keeps serving.
 *
 * @author ClusterBoot team
 */
@Timeout(60)
class ClusterNioEndpointReusePortTests {

	private WebServer first;

	private WebServer second;

	@AfterEach
	void stopServers() {
		if (this.first != null) {
			this.first.stop();
		}
		if (this.second != null) {
			this.second.stop();
		}
	}

	@Test
	void serversShouldShareThePortAndTheOtherShouldServeAfterOneStopsAccepting() throws Exception {
		int port = freePort();
		TomcatWorkerConnectors firstDrain = new TomcatWorkerConnectors();
		this.first = start(port, "first", firstDrain);
		this.second = start(port, "second", new TomcatWorkerConnectors());
		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < 200 && servedBy.size() < 2; i++) {
			servedBy.add(get(port));
		}
		assertThat(servedBy).containsExactlyInAnyOrder("first", "second");
		firstDrain.stopAccepting();
		await().atMost(Duration.ofSeconds(10)).until(() -> firstDrain.busyConnections() == 0);
		for (int i = 0; i < 100; i++) {
			assertThat(get(port)).isEqualTo("second");
		}
	}

	private WebServer start(int port, String name, TomcatWorkerConnectors drain) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		factory.setProtocol(ClusterHttp11NioProtocol.class.getName());
		factory.addConnectorCustomizers(drain);
		WebServer server = factory.getWebServer((context) -> context.addServlet(name, new NameServlet(name))
			.addMapping("/"));
		server.start();
		return server;
	}

	private String get(int port) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(response).startsWith("HTTP/1.1 200");
			return response.substring(response.indexOf("\r\n\r\n") + 4);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static class NameServlet extends HttpServlet {

		private final String name;

		NameServlet(String name) {
			this.name = name;
		}

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getWriter().write(this.name);
		}

	}

}
