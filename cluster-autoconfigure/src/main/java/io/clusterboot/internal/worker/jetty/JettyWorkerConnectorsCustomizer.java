package io.clusterboot.internal.worker.jetty;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Makes Jetty accept through its selector ({@code acceptors = 0}, see
 * {@link JettyWorkerConnectors} for why) and serve the cluster's socket. Runs after Spring
 * Boot's customizer, which sets {@code server.jetty.threads.acceptors}.
 *
 * @author ClusterBoot team
 */
public class JettyWorkerConnectorsCustomizer
		implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory>, Ordered {

	private final JettyWorkerConnectors connectors;

	/**
	 * Creates a new instance.
	 * @param connectors the connectors to apply
	 */
	public JettyWorkerConnectorsCustomizer(JettyWorkerConnectors connectors) {
		this.connectors = connectors;
	}

	@Override
	public void customize(ConfigurableJettyWebServerFactory factory) {
		factory.setAcceptors(0);
		factory.addServerCustomizers(this.connectors::customize);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
