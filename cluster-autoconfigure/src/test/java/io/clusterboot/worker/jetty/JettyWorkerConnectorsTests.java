package io.clusterboot.worker.jetty;

import io.clusterboot.worker.ClusterSocket;

import java.net.InetAddress;

import io.clusterboot.worker.AbstractWorkerConnectorsTests;
import io.clusterboot.worker.NameServlet;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

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

}
