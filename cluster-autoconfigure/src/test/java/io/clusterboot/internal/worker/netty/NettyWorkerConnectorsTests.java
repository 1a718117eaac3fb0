package io.clusterboot.internal.worker.netty;

import io.clusterboot.internal.worker.ClusterSocket;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import io.clusterboot.internal.worker.AbstractWorkerConnectorsTests;
import reactor.core.publisher.Mono;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpResources;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NettyWorkerConnectors}.
 *
 * @author ClusterBoot team
 */
class NettyWorkerConnectorsTests extends AbstractWorkerConnectorsTests<NettyWorkerConnectors> {

	@Override
	protected NettyWorkerConnectors newConnectors() {
		return new NettyWorkerConnectors(ClusterSocket.SERVER, HttpResources::get);
	}

	@Override
	protected WebServer create(int port, String name, NettyWorkerConnectors connectors) {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(port);
		factory.setAddress(InetAddress.getLoopbackAddress());
		new NettyWorkerConnectorsCustomizer(connectors).customize(factory);
		byte[] body = name.getBytes(StandardCharsets.UTF_8);
		return factory.getWebServer((request, response) -> response
			.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body))));
	}

	@Test
	void requestThreadsShouldBeUnknownSinceRequestsRunOnTheEventLoops() throws Exception {
		NettyWorkerConnectors connectors = newConnectors();
		start(create(freePort(), "first", connectors));
		assertThat(connectors.busyRequestThreads()).isEqualTo(-1);
		assertThat(connectors.maxRequestThreads()).isEqualTo(-1);
	}

}
