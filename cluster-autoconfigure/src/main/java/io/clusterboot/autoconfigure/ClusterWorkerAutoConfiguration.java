package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.util.function.Supplier;

import io.clusterboot.worker.ClusterSocket;
import io.clusterboot.worker.WorkerConnectors;
import io.clusterboot.worker.WorkerControl;
import io.clusterboot.worker.WorkerCountListener;
import io.clusterboot.worker.WorkerDrainLifecycle;
import io.clusterboot.worker.WorkerHeartbeat;
import io.clusterboot.worker.WorkerIdentity;
import io.clusterboot.worker.jetty.JettyWorkerConnectors;
import io.clusterboot.worker.jetty.JettyWorkerConnectorsCustomizer;
import io.clusterboot.worker.netty.NettyWorkerConnectors;
import io.clusterboot.worker.netty.NettyWorkerConnectorsCustomizer;
import io.clusterboot.worker.tomcat.TomcatWorkerConnectors;
import io.clusterboot.worker.tomcat.TomcatWorkerConnectorsCustomizer;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.JettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Auto-configuration of a worker process: the control channel to the master, the web
 * server on the cluster's socket, and the drain that retires the worker without losing a
 * request. Active only in processes the master started.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnProperty(WorkerIdentity.ID_PROPERTY)
@EnableConfigurationProperties(ClusterProperties.class)
public final class ClusterWorkerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkerIdentity clusterWorkerIdentity(Environment environment) {
		return WorkerIdentity.from(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerControl clusterWorkerControl(WorkerIdentity identity) throws IOException {
		return new WorkerControl(identity);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerDrainLifecycle clusterWorkerDrainLifecycle(ObjectProvider<WorkerConnectors> connectors, WorkerControl control,
			ClusterProperties properties, ApplicationEventPublisher publisher) {
		return new WorkerDrainLifecycle(connectors.orderedStream().toList(), control,
				properties.resolveDrainTimeout(), publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerHeartbeat clusterWorkerHeartbeat(WorkerControl control, ObjectProvider<WorkerConnectors> connectors,
			ClusterProperties properties) {
		return new WorkerHeartbeat(control, connectors.orderedStream().toList(),
				properties.getHeartbeat().getInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerCountListener clusterWorkerCountListener(WorkerControl control,
			ObjectProvider<WorkerConnectors> connectors) {
		return new WorkerCountListener(control, connectors.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatWebServerFactory.class })
	static class TomcatWorkerConfiguration {

		@Bean
		TomcatWorkerConnectors clusterTomcatWorkerConnectors() {
			return new TomcatWorkerConnectors(ClusterSocket.SERVER);
		}

		@Bean
		TomcatWorkerConnectorsCustomizer clusterTomcatWorkerConnectorsCustomizer(TomcatWorkerConnectors connectors) {
			return new TomcatWorkerConnectorsCustomizer(connectors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Server.class, JettyWebServerFactory.class })
	static class JettyWorkerConfiguration {

		@Bean
		JettyWorkerConnectors clusterJettyWorkerConnectors() {
			return new JettyWorkerConnectors(ClusterSocket.SERVER);
		}

		@Bean
		JettyWorkerConnectorsCustomizer clusterJettyWorkerConnectorsCustomizer(JettyWorkerConnectors connectors) {
			return new JettyWorkerConnectorsCustomizer(connectors);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpServer.class, NettyReactiveWebServerFactory.class })
	static class NettyWorkerConfiguration {

		/**
		 * Returns the loop resources the server would run on without the cluster: the
		 * application's {@link ReactorResourceFactory}'s, else Reactor Netty's global ones.
		 */
		static Supplier<LoopResources> loopResources(ObjectProvider<ReactorResourceFactory> resourceFactory) {
			return () -> {
				ReactorResourceFactory factory = resourceFactory.getIfAvailable();
				return (factory != null) ? factory.getLoopResources() : HttpResources.get();
			};
		}

		@Bean
		NettyWorkerConnectors clusterNettyWorkerConnectors(ObjectProvider<ReactorResourceFactory> resourceFactory) {
			return new NettyWorkerConnectors(ClusterSocket.SERVER, loopResources(resourceFactory));
		}

		@Bean
		NettyWorkerConnectorsCustomizer clusterNettyWorkerConnectorsCustomizer(NettyWorkerConnectors connectors) {
			return new NettyWorkerConnectorsCustomizer(connectors);
		}

	}

}
