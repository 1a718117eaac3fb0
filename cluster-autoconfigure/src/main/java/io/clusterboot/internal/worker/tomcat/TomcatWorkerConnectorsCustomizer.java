package io.clusterboot.internal.worker.tomcat;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Makes Tomcat run its connector on {@link ClusterHttp11NioProtocol} and collects it in
 * {@link TomcatWorkerConnectors}, which puts it on the cluster's socket.
 *
 * @author ClusterBoot team
 */
public class TomcatWorkerConnectorsCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory> {

	private final TomcatWorkerConnectors connectors;

	/**
	 * Creates a new instance.
	 * @param connectors the connectors to apply
	 */
	public TomcatWorkerConnectorsCustomizer(TomcatWorkerConnectors connectors) {
		this.connectors = connectors;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		factory.setProtocol(ClusterHttp11NioProtocol.class.getName());
		factory.addConnectorCustomizers(this.connectors::customize);
	}

}
