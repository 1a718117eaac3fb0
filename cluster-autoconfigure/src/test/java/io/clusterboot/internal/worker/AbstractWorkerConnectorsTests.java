package io.clusterboot.internal.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.clusterboot.internal.worker.HttpTestConnection.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the {@link WorkerConnectors} of a web server in the fallback mode, where no
 * socket is inherited and each server binds its own {@code SO_REUSEPORT} socket: the
 * drain closes keep-alive connections with their next response, and two servers in this
 * JVM share one loopback port until one of them stops accepting.
 *
 * @param <C> the type of the connectors
 * @author ClusterBoot team
 */
@Timeout(60)
public abstract class AbstractWorkerConnectorsTests<C extends WorkerConnectors> {

	private final Set<WebServer> servers = new HashSet<>();

	@AfterEach
	void stopServers() {
		this.servers.forEach(WebServer::stop);
	}

	@Test
	void drainShouldCloseKeepAliveConnectionsWithTheirNextResponse() throws Exception {
		int port = freePort();
		C connectors = newConnectors();
		start(port, "first", connectors);
		try (HttpTestConnection connection = new HttpTestConnection(port)) {
			Response first = connection.get();
			assertThat(first.status()).startsWith("HTTP/1.1 200");
			assertThat(first.closesConnection()).isFalse();
			assertThat(connectors.openConnections()).isOne();
			connectors.stopAccepting();
			Response second = connection.get();
			assertThat(second.body()).isEqualTo("first");
			assertThat(second.closesConnection()).as("Connection: close in %s", second.headers()).isTrue();
			assertThat(connection.isClosedByServer()).isTrue();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> connectors.openConnections() == 0);
		assertThat(connectors.busyConnections()).isZero();
		assertThat(connectors.requestsServed()).isEqualTo(2);
	}

	@Test
	void connectionShouldBeUnusedUntilItsFirstRequestOrItsClose() throws Exception {
		int port = freePort();
		C connectors = newConnectors();
		start(port, "first", connectors);
		try (HttpTestConnection connection = new HttpTestConnection(port)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> connectors.unusedConnections() == 1);
			assertThat(connection.get().body()).isEqualTo("first");
			assertThat(connectors.unusedConnections()).isZero();
			assertThat(connectors.openConnections()).isOne();
		}
		try (HttpTestConnection connection = new HttpTestConnection(port)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> connectors.unusedConnections() == 1);
		}
		// well before the wait for a first request ends (10 s after the accept)
		await().atMost(Duration.ofSeconds(3)).until(() -> connectors.unusedConnections() == 0);
	}

	@Test
	void serversShouldShareThePortAndTheOtherShouldServeAfterOneStopsAccepting() throws Exception {
		int port = freePort();
		C first = newConnectors();
		start(port, "first", first);
		start(port, "second", newConnectors());
		Set<String> servedBy = new HashSet<>();
		for (int i = 0; i < 200 && servedBy.size() < 2; i++) {
			servedBy.add(getOnNewConnection(port));
		}
		assertThat(servedBy).containsExactlyInAnyOrder("first", "second");
		first.stopAccepting();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.openConnections() == 0);
		for (int i = 0; i < 100; i++) {
			assertThat(getOnNewConnection(port)).isEqualTo("second");
		}
	}

	/**
	 * Creates the connectors under test.
	 * @return the connectors
	 */
	protected abstract C newConnectors();

	/**
	 * Builds a web server on the given port, with the given connectors, that answers
	 * every request with the given name, and returns it unstarted.
	 * @param port the port
	 * @param name the body of every response
	 * @param connectors the connectors under test
	 * @return the web server
	 */
	protected abstract WebServer create(int port, String name, C connectors);

	private void start(int port, String name, C connectors) {
		start(create(port, name, connectors));
	}

	/**
	 * Starts a web server, which is stopped after the test.
	 * @param server the web server
	 */
	protected void start(WebServer server) {
		this.servers.add(server);
		server.start();
	}

	/**
	 * Sends as many requests as the server has request threads, each on a connection of
	 * its own, to a server that holds them until released, and checks that the connectors
	 * count every request thread busy while they are held, and none once they are
	 * answered.
	 * @param connectors the connectors of the started server
	 * @param port its port
	 * @param release what makes the server answer the requests it holds
	 * @throws Exception if a request fails
	 */
	protected void assertEveryRequestThreadBusyWhileHeld(C connectors, int port, CountDownLatch release)
			throws Exception {
		int max = connectors.maxRequestThreads();
		assertThat(max).isPositive();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(connectors.busyRequestThreads()).as("busy request threads").isZero());
		ExecutorService clients = Executors.newFixedThreadPool(max);
		try {
			List<Future<String>> responses = new ArrayList<>();
			for (int i = 0; i < max; i++) {
				responses.add(clients.submit(() -> getOnNewConnection(port)));
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connectors.busyRequestThreads()).as("busy request threads")
					.isEqualTo(max));
			assertThat(connectors.busyConnections()).isEqualTo(max);
			release.countDown();
			for (Future<String> response : responses) {
				assertThat(response.get(10, TimeUnit.SECONDS)).isNotEmpty();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connectors.busyRequestThreads()).as("busy request threads").isZero());
			assertThat(connectors.maxRequestThreads()).isEqualTo(max);
		}
		finally {
			release.countDown();
			clients.shutdownNow();
		}
	}

	private String getOnNewConnection(int port) throws IOException {
		try (HttpTestConnection connection = new HttpTestConnection(port)) {
			return connection.get().body();
		}
	}

	/**
	 * Returns a free loopback port.
	 * @return the port
	 * @throws IOException if no port can be had
	 */
	protected static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
