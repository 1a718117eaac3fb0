package io.clusterboot.internal.worker.jetty;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

import io.clusterboot.internal.worker.AbstractWorkerConnectorsTests;
import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.NameServlet;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JettyWorkerConnectors}.
 *
 * @author ClusterBoot team
 */
class JettyWorkerConnectorsTests extends AbstractWorkerConnectorsTests<JettyWorkerConnectors> {

	@Override
	protected JettyWorkerConnectors newConnectors() {
		return new JettyWorkerConnectors(ClusterSocket.SERVER);
	}

	@Override
	protected WebServer create(int port, String name, JettyWorkerConnectors connectors) {
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		new JettyWorkerConnectorsCustomizer(connectors).customize(factory);
		return factory.getWebServer((context) -> context.addServlet(name, new NameServlet(name)).addMapping("/"));
	}

	@Test
	void requestThreadsShouldBeThoseOfThePoolThatTakeQueuedJobs() throws Exception {
		int port = freePort();
		JettyWorkerConnectors connectors = newConnectors();
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		// as server.jetty.threads.max and selectors, with one reserved thread
		QueuedThreadPool pool = new QueuedThreadPool(8, 1);
		pool.setReservedThreads(1);
		factory.setThreadPool(pool);
		factory.setSelectors(2);
		new JettyWorkerConnectorsCustomizer(connectors).customize(factory);
		CountDownLatch release = new CountDownLatch(1);
		start(factory.getWebServer((context) -> context.addServlet("held", new NameServlet("held", release))
			.addMapping("/")));
		// 8 threads, 2 for the selectors, 1 reserved for them
		assertThat(connectors.maxRequestThreads()).isEqualTo(5);
		assertEveryRequestThreadBusyWhileHeld(connectors, port, release);
	}

	@Test
	void connectorWithAnAcceptorThreadShouldBeReplacedByOneAcceptingThroughItsSelector() {
		Server server = new Server();
		// as Spring Boot builds the connector of server.ssl.*: one acceptor thread
		ServerConnector built = new ServerConnector(server, new SslContextFactory.Server());
		built.setHost("127.0.0.1");
		built.setPort(8443);
		built.setIdleTimeout(12_345);
		built.setAcceptQueueSize(77);
		built.setAcceptedTcpNoDelay(false);
		Connection.Listener listener = new Connection.Listener() {
		};
		built.addEventListener(listener);
		server.addConnector(built);
		assertThat(built.getAcceptors()).isOne();
		new JettyWorkerConnectors(ClusterSocket.SERVER).customize(server);
		assertThat(server.getConnectors()).hasSize(1);
		ServerConnector used = (ServerConnector) server.getConnectors()[0];
		assertThat(used.getAcceptors()).isZero();
		assertThat(used.getConnectionFactories()).containsExactlyElementsOf(built.getConnectionFactories());
		assertThat(used.getDefaultProtocol()).isEqualToIgnoringCase(built.getDefaultProtocol());
		assertThat(used.getHost()).isEqualTo("127.0.0.1");
		assertThat(used.getPort()).isEqualTo(8443);
		assertThat(used.getIdleTimeout()).isEqualTo(12_345);
		assertThat(used.getAcceptQueueSize()).isEqualTo(77);
		assertThat(used.getAcceptedTcpNoDelay()).isFalse();
		assertThat(used.getEventListeners()).contains(listener);
		assertThat(used.getExecutor()).isSameAs(server.getThreadPool());
		assertThat(used.getSelectorManager().getSelectorCount())
			.isEqualTo(built.getSelectorManager().getSelectorCount());
	}

	@Test
	void connectorAcceptingThroughItsSelectorShouldBeKept() {
		Server server = new Server();
		ServerConnector built = new ServerConnector(server, 0, 1);
		server.addConnector(built);
		new JettyWorkerConnectors(ClusterSocket.SERVER).customize(server);
		assertThat(server.getConnectors()).containsExactly(built);
	}

}
