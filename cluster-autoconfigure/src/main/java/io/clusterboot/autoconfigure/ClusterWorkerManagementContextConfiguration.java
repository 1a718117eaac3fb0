package io.clusterboot.autoconfigure;

import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.WorkerConnectors;
import io.clusterboot.internal.worker.WorkerDrainLifecycle;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.internal.worker.jetty.JettyWorkerConnectors;
import io.clusterboot.internal.worker.jetty.JettyWorkerConnectorsCustomizer;
import io.clusterboot.internal.worker.netty.NettyWorkerConnectors;
import io.clusterboot.internal.worker.netty.NettyWorkerConnectorsCustomizer;
import io.clusterboot.internal.worker.tomcat.TomcatWorkerConnectors;
import io.clusterboot.internal.worker.tomcat.TomcatWorkerConnectorsCustomizer;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jetty.JettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Puts a worker's management server ({@code management.server.port}, a port of its own)
 * on the master's socket of that port, the way {@link ClusterWorkerAutoConfiguration}
 * puts the main web server on the server port's, and drains it with the worker. Spring
 * Boot builds that server in a child context, which applies only customizers of its own.
 *
 * @author ClusterBoot team
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnProperty(WorkerIdentity.ID_PROPERTY)
final class ClusterWorkerManagementContextConfiguration {

	private static <C extends WorkerConnectors> C drained(C connectors, WorkerDrainLifecycle drain) {
		drain.drainAlso(connectors);
		return connectors;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatWebServerFactory.class })
	static class TomcatManagementConfiguration {

		@Bean
		TomcatWorkerConnectors clusterManagementTomcatWorkerConnectors(WorkerDrainLifecycle drain) {
			return drained(new TomcatWorkerConnectors(ClusterSocket.MANAGEMENT), drain);
		}

		@Bean
		TomcatWorkerConnectorsCustomizer clusterManagementTomcatWorkerConnectorsCustomizer(
				TomcatWorkerConnectors clusterManagementTomcatWorkerConnectors) {
			return new TomcatWorkerConnectorsCustomizer(clusterManagementTomcatWorkerConnectors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Server.class, JettyWebServerFactory.class })
	static class JettyManagementConfiguration {

		@Bean
		JettyWorkerConnectors clusterManagementJettyWorkerConnectors(WorkerDrainLifecycle drain) {
			return drained(new JettyWorkerConnectors(ClusterSocket.MANAGEMENT), drain);
		}

		@Bean
		JettyWorkerConnectorsCustomizer clusterManagementJettyWorkerConnectorsCustomizer(
				JettyWorkerConnectors clusterManagementJettyWorkerConnectors) {
			return new JettyWorkerConnectorsCustomizer(clusterManagementJettyWorkerConnectors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpServer.class, NettyReactiveWebServerFactory.class })
	static class NettyManagementConfiguration {

		@Bean
		NettyWorkerConnectors clusterManagementNettyWorkerConnectors(WorkerDrainLifecycle drain,
				ObjectProvider<ReactorResourceFactory> resourceFactory) {
			return drained(new NettyWorkerConnectors(ClusterSocket.MANAGEMENT,
					ClusterWorkerAutoConfiguration.NettyWorkerConfiguration.loopResources(resourceFactory)), drain);
		}

		@Bean
		NettyWorkerConnectorsCustomizer clusterManagementNettyWorkerConnectorsCustomizer(
				NettyWorkerConnectors clusterManagementNettyWorkerConnectors) {
			return new NettyWorkerConnectorsCustomizer(clusterManagementNettyWorkerConnectors);
		}

	}

}
