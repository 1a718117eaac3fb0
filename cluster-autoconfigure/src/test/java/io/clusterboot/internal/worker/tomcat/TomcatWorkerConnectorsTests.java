package io.clusterboot.internal.worker.tomcat;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

import io.clusterboot.internal.worker.AbstractWorkerConnectorsTests;
import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.NameServlet;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TomcatWorkerConnectors} and {@link ClusterNioEndpoint}.
 *
 * @author ClusterBoot team
 */
class TomcatWorkerConnectorsTests extends AbstractWorkerConnectorsTests<TomcatWorkerConnectors> {

	@Override
	protected TomcatWorkerConnectors newConnectors() {
		return new TomcatWorkerConnectors(ClusterSocket.SERVER);
	}

	@Override
	protected WebServer create(int port, String name, TomcatWorkerConnectors connectors) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		new TomcatWorkerConnectorsCustomizer(connectors).customize(factory);
		return factory.getWebServer((context) -> context.addServlet(name, new NameServlet(name)).addMapping("/"));
	}

	@Test
	void requestThreadsShouldBeCountedAgainstServerTomcatThreadsMax() throws Exception {
		int port = freePort();
		TomcatWorkerConnectors connectors = newConnectors();
		assertThat(connectors.maxRequestThreads()).as("before the server starts").isEqualTo(-1);
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		new TomcatWorkerConnectorsCustomizer(connectors).customize(factory);
		factory.addConnectorCustomizers((connector) -> {
			// as server.tomcat.threads.max and min-spare
			AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
			protocol.setMinSpareThreads(1);
			protocol.setMaxThreads(3);
		});
		CountDownLatch release = new CountDownLatch(1);
		start(factory.getWebServer((context) -> context.addServlet("held", new NameServlet("held", release))
			.addMapping("/")));
		assertThat(connectors.maxRequestThreads()).isEqualTo(3);
		assertEveryRequestThreadBusyWhileHeld(connectors, port, release);
	}

}
