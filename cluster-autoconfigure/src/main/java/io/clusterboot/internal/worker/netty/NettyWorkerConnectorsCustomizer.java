package io.clusterboot.internal.worker.netty;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Applies {@link NettyWorkerConnectors} after every other server customizer, so that none
 * replaces its loop resources. The web server would replace them with those of the
 * factory's {@code ReactorResourceFactory} when it starts, so the factory is given none:
 * the connectors run on those loop resources instead.
 *
 * @author ClusterBoot team
 */
public class NettyWorkerConnectorsCustomizer
		implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

	private final NettyWorkerConnectors connectors;

	/**
	 * Creates a new instance.
	 * @param connectors the connectors to apply
	 */
	public NettyWorkerConnectorsCustomizer(NettyWorkerConnectors connectors) {
		this.connectors = connectors;
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		factory.setResourceFactory(null);
		factory.addServerCustomizers(this.connectors::apply);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
