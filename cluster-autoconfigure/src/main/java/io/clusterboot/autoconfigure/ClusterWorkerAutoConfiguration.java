package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.util.function.Supplier;

import io.clusterboot.internal.worker.ClusterSocket;
import io.clusterboot.internal.worker.LongLivedExchanges;
import io.clusterboot.internal.worker.WorkerConnectors;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.internal.worker.WorkerCountListener;
import io.clusterboot.internal.worker.WorkerDrainLifecycle;
import io.clusterboot.internal.worker.WorkerHeartbeat;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.internal.worker.jetty.JettyWebSocketSessions;
import io.clusterboot.internal.worker.jetty.JettyWorkerConnectors;
import io.clusterboot.internal.worker.jetty.JettyWorkerConnectorsCustomizer;
import io.clusterboot.internal.worker.netty.NettyWorkerConnectors;
import io.clusterboot.internal.worker.netty.NettyWorkerConnectorsCustomizer;
import io.clusterboot.internal.worker.tomcat.TomcatWebSocketSessions;
import io.clusterboot.internal.worker.tomcat.TomcatWorkerConnectors;
import io.clusterboot.internal.worker.tomcat.TomcatWorkerConnectorsCustomizer;
import io.clusterboot.internal.worker.webflux.ReactiveWebSocketSessions;
import io.clusterboot.internal.worker.webflux.StreamedResponses;
import io.clusterboot.internal.worker.webflux.WebSocketHandlerAdapterPostProcessor;
import io.clusterboot.internal.worker.webmvc.AsyncRequests;
import io.clusterboot.internal.worker.webmvc.AsyncRequestsWebMvcConfigurer;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsServerContainer;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketContainer;
import org.eclipse.jetty.websocket.api.WebSocketContainer;
import org.eclipse.jetty.server.Server;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.JettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.server.WebFilter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of a worker process: the control channel to the master, the web
 * server on the cluster's socket, and the drain that retires the worker without losing a
 * request and ends its long-lived exchanges (asynchronous requests of Spring MVC, streamed
 * responses of WebFlux, WebSocket sessions). Active only in processes the master started.
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
	WorkerDrainLifecycle clusterWorkerDrainLifecycle(ObjectProvider<WorkerConnectors> connectors,
			ObjectProvider<LongLivedExchanges> exchanges, WorkerControl control, ClusterProperties properties,
			ApplicationEventPublisher publisher) {
		return new WorkerDrainLifecycle(connectors.orderedStream().toList(), exchanges.orderedStream().toList(),
				control, properties.resolveDrainTimeout(), publisher);
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

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(WsServerContainer.class)
		@ConditionalOnWebApplication(type = Type.SERVLET)
		static class TomcatWebSocketConfiguration {

			@Bean
			TomcatWebSocketSessions clusterTomcatWebSocketSessions(TomcatWorkerConnectors connectors) {
				return new TomcatWebSocketSessions(connectors);
			}

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

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ WebSocketContainer.class, JakartaWebSocketContainer.class })
		@ConditionalOnWebApplication(type = Type.SERVLET)
		static class JettyWebSocketConfiguration {

			@Bean
			JettyWebSocketSessions clusterJettyWebSocketSessions() {
				return new JettyWebSocketSessions();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebMvcConfigurer.class, DeferredResult.class })
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class WebMvcWorkerConfiguration {

		@Bean
		AsyncRequests clusterAsyncRequests() {
			return new AsyncRequests();
		}

		@Bean
		AsyncRequestsWebMvcConfigurer clusterAsyncRequestsWebMvcConfigurer(AsyncRequests requests) {
			return new AsyncRequestsWebMvcConfigurer(requests);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebFilter.class, WebSocketHandlerAdapter.class })
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class WebFluxWorkerConfiguration {

		@Bean
		StreamedResponses clusterStreamedResponses() {
			return new StreamedResponses();
		}

		@Bean
		ReactiveWebSocketSessions clusterReactiveWebSocketSessions() {
			return new ReactiveWebSocketSessions();
		}

		@Bean
		static WebSocketHandlerAdapterPostProcessor clusterWebSocketHandlerAdapterPostProcessor(
				ObjectProvider<ReactiveWebSocketSessions> sessions) {
			return new WebSocketHandlerAdapterPostProcessor(sessions);
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
