package io.clusterboot.worker.tomcat;

import java.net.InetAddress;

import io.clusterboot.worker.AbstractWorkerConnectorsTests;
import io.clusterboot.worker.ClusterSocket;
import io.clusterboot.worker.NameServlet;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

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

}
