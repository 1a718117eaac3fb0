package io.clusterboot.autoconfigure;

import java.io.IOException;

import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.RecordingHandler;
import io.clusterboot.internal.worker.LongLivedExchanges;
import io.clusterboot.internal.worker.WorkerControl;
import io.clusterboot.internal.worker.WorkerDrainLifecycle;
import io.clusterboot.internal.worker.WorkerIdentity;
import io.clusterboot.internal.worker.jetty.JettyWebSocketSessions;
import io.clusterboot.internal.worker.jetty.JettyWorkerConnectors;
import io.clusterboot.internal.worker.netty.NettyWorkerConnectors;
import io.clusterboot.internal.worker.tomcat.ClusterHttp11NioProtocol;
import io.clusterboot.internal.worker.tomcat.TomcatWebSocketSessions;
import io.clusterboot.internal.worker.tomcat.TomcatWorkerConnectors;
import io.clusterboot.internal.worker.webflux.ReactiveWebSocketSessions;
import io.clusterboot.internal.worker.webflux.StreamedResponses;
import io.clusterboot.internal.worker.webmvc.AsyncRequests;
import io.clusterboot.internal.worker.webmvc.AsyncRequestsWebMvcConfigurer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ClusterWorkerAutoConfiguration}.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterWorkerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class));

	private final RecordingHandler received = new RecordingHandler();

	private ControlServer master;

	@BeforeEach
	void startMaster() throws IOException {
		this.master = ControlServer.start(this.received);
	}

	@AfterEach
	void stopMaster() throws IOException {
		this.master.close();
	}

	@Test
	void runWhenNotWorkerShouldNotHaveWorkerBeans() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WorkerControl.class)
			.doesNotHaveBean(WorkerDrainLifecycle.class)
			.doesNotHaveBean(TomcatWorkerConnectors.class));
	}

	@Test
	void runWhenWorkerShouldConnectToMasterAndReportReadinessAndDrain() throws InterruptedException {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			assertThat(context).hasSingleBean(WorkerControl.class)
				.hasSingleBean(WorkerDrainLifecycle.class)
				.hasSingleBean(TomcatWorkerConnectors.class);
			WorkerIdentity identity = context.getBean(WorkerIdentity.class);
			assertThat(identity.id()).isEqualTo(5);
			assertThat(identity.slot()).isEqualTo(2);
			assertThat(identity.generation()).isEqualTo(3);
			assertThat(identity.count()).isEqualTo(4);
			assertThat(nextMessage()).isEqualTo("5:hello");
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(nextMessage()).isEqualTo("5:ready");
		});
		assertThat(nextMessage()).isEqualTo("5:draining");
		assertThat(nextMessage()).isEqualTo("5:disconnected");
	}

	@Test
	void runWhenWorkerShouldServeTomcatWithClusterProtocol() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			TomcatServletWebServerFactory factory = customize(context, new TomcatServletWebServerFactory());
			assertThat(factory.getProtocol()).isEqualTo(ClusterHttp11NioProtocol.class.getName());
			// the connectors' customizer, once
			assertThat(factory.getConnectorCustomizers()).hasSize(1);
		});
	}

	@Test
	void runWhenWorkerShouldServeJettyFromTheSelectorWithClusterConnectors() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
			factory.setAcceptors(2);
			customize(context, factory);
			assertThat(factory.getAcceptors()).isZero();
			assertThat(context).hasSingleBean(JettyWorkerConnectors.class);
			// the connectors' customizer, once
			assertThat(factory.getServerCustomizers()).hasSize(1);
		});
	}

	@Test
	void runWhenWorkerShouldServeReactorNettyWithClusterConnectorsOnly() {
		this.contextRunner.withPropertyValues(workerProperties()).run((context) -> {
			NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
			factory.setResourceFactory(new ReactorResourceFactory());
			customize(context, factory);
			assertThat(context).hasSingleBean(NettyWorkerConnectors.class);
			// the connectors' customizer, once
			assertThat(factory.getServerCustomizers()).hasSize(1);
			assertThat(factory).extracting("resourceFactory").isNull();
		});
	}

	@Test
	void runWhenWorkerOfServletApplicationShouldEndItsAsyncRequestsAndWebSocketSessions() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class))
			.withPropertyValues(workerProperties())
			.run((context) -> assertThat(context).hasSingleBean(AsyncRequests.class)
				.hasSingleBean(AsyncRequestsWebMvcConfigurer.class)
				.hasSingleBean(TomcatWebSocketSessions.class)
				.hasSingleBean(JettyWebSocketSessions.class)
				.doesNotHaveBean(StreamedResponses.class)
				.doesNotHaveBean(ReactiveWebSocketSessions.class));
	}

	@Test
	void runWhenWorkerOfReactiveApplicationShouldEndItsStreamedResponsesAndWebSocketSessions() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterWorkerAutoConfiguration.class))
			.withPropertyValues(workerProperties())
			.withBean(WebSocketHandlerAdapter.class, () -> {
				WebSocketHandlerAdapter adapter = new WebSocketHandlerAdapter(mock(WebSocketService.class));
				adapter.setOrder(7);
				return adapter;
			})
			.run((context) -> {
				assertThat(context).hasSingleBean(StreamedResponses.class)
					.hasSingleBean(ReactiveWebSocketSessions.class)
					.doesNotHaveBean(AsyncRequests.class)
					.doesNotHaveBean(TomcatWebSocketSessions.class);
				WebSocketHandlerAdapter adapter = context.getBean(WebSocketHandlerAdapter.class);
				assertThat(adapter.getOrder()).isEqualTo(7);
				assertThat(adapter.getWebSocketService().getClass().getEnclosingClass())
					.isEqualTo(ReactiveWebSocketSessions.class);
			});
	}

	@Test
	void runWhenWorkerOfNoWebApplicationShouldHaveNoLongLivedExchanges() {
		this.contextRunner.withPropertyValues(workerProperties())
			.run((context) -> assertThat(context).doesNotHaveBean(LongLivedExchanges.class));
	}

	@Test
	void runWhenMasterUnreachableShouldFailToStart() {
		this.contextRunner.withPropertyValues(workerProperties())
			.withPropertyValues("cluster.control.socket=/nonexistent/control.sock")
			.run((context) -> assertThat(context).hasFailed());
	}

	private String[] workerProperties() {
		return new String[] { "cluster.worker.id=5", "cluster.worker.slot=2", "cluster.worker.generation=3",
				"cluster.worker.count=4", "cluster.control.socket=" + this.master.socketPath() };
	}

	/**
	 * Applies the customizers that take the given factory, as Spring Boot does.
	 */
	@SuppressWarnings("unchecked")
	private <T extends WebServerFactory> T customize(ApplicationContext context, T factory) {
		LambdaSafe
			.callbacks(WebServerFactoryCustomizer.class,
					context.getBeansOfType(WebServerFactoryCustomizer.class).values(), factory)
			.invoke((customizer) -> customizer.customize(factory));
		return factory;
	}

	private String nextMessage() throws InterruptedException {
		return this.received.next();
	}

}
