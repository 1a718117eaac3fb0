package io.clusterboot.worker.jetty;

import java.io.IOException;
import java.net.InetAddress;

import io.clusterboot.worker.AbstractWorkerConnectorsTests;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
		return new JettyWorkerConnectors();
	}

	@Override
	protected WebServer create(int port, String name, JettyWorkerConnectors connectors) {
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		new JettyWorkerConnectorsCustomizer(connectors).customize(factory);
		return factory.getWebServer((context) -> context.addServlet(name, new NameServlet(name)).addMapping("/"));
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
