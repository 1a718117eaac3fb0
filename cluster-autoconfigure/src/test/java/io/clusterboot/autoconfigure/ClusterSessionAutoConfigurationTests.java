package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.internal.ipc.ControlServer;
import io.clusterboot.internal.ipc.RecordingHandler;
import io.clusterboot.internal.session.ClusterSession;
import io.clusterboot.internal.session.ClusterSessionRepository;
import io.clusterboot.internal.session.ReactiveClusterSessionRepository;
import io.clusterboot.internal.session.MasterSessions;
import io.clusterboot.internal.session.SessionClient;
import io.clusterboot.internal.session.SessionServer;
import io.clusterboot.internal.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.server.session.WebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterSessionAutoConfiguration}, against a real session store.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterSessionAutoConfigurationTests {

	private final SessionStore store = new SessionStore(1 << 20, 1 << 16);

	private ControlServer control;

	private MasterSessions sessions;

	private WebApplicationContextRunner contextRunner;

	@BeforeEach
	void startMaster() throws IOException {
		this.control = ControlServer.start(new RecordingHandler());
		this.sessions = MasterSessions.start(this.store, null, this.control.socketPath().getParent(),
				this.control.token(), null);
		this.contextRunner = new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ClusterSessionAutoConfiguration.class, SessionAutoConfiguration.class))
			.withPropertyValues(SessionServer.SOCKET_PROPERTY + "=" + this.sessions.socketPath());
	}

	@AfterEach
	void stopMaster() throws IOException {
		this.sessions.close();
		this.control.close();
	}

	@Test
	void workerShouldKeepItsSessionsInTheMaster() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SessionRepositoryFilter.class);
			ClusterSessionRepository repository = context.getBean(ClusterSessionRepository.class);
			ClusterSession session = repository.createSession();
			session.setAttribute("user", "alice");
			repository.save(session);
			assertThat(repository.findById(session.getId()).<String>getAttribute("user")).isEqualTo("alice");
			// the save is written, not waited for: the find, answered after it, tells that it is in the store
			assertThat(this.store.statistics().count()).isOne();
			assertThat(session.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
		});
	}

	@Test
	void sessionTimeoutShouldFollowSpringBootsProperties() {
		this.contextRunner.withPropertyValues("server.servlet.session.timeout=120")
			.run((context) -> assertThat(context.getBean(ClusterSessionRepository.class)
				.createSession()
				.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(2)));
		this.contextRunner.withPropertyValues("server.servlet.session.timeout=120", "spring.session.timeout=10m")
			.run((context) -> assertThat(context.getBean(ClusterSessionRepository.class)
				.createSession()
				.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(10)));
	}

	@Test
	void processWithoutAMasterThatKeepsSessionsShouldKeepItsOwn() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterSessionAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SessionRepository.class)
				.doesNotHaveBean(SessionRepositoryFilter.class));
	}

	@Test
	void sessionsCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("cluster.sessions.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SessionRepository.class));
	}

	@Test
	void applicationsOwnSessionRepositoryShouldComeFirst() {
		this.contextRunner.withUserConfiguration(OwnRepositoryConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterSessionRepository.class)
				.doesNotHaveBean(SessionClient.class)
				.hasSingleBean(SessionRepository.class)
				.hasBean("ownSessionRepository"));
	}

	@Test
	void reactiveWorkerShouldKeepItsWebSessionsInTheMaster() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterSessionAutoConfiguration.class,
					SessionAutoConfiguration.class, WebFluxAutoConfiguration.class))
			.withPropertyValues(SessionServer.SOCKET_PROPERTY + "=" + this.sessions.socketPath(),
					"spring.session.timeout=5m")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(WebSessionManager.class);
				ReactiveClusterSessionRepository repository = context.getBean(ReactiveClusterSessionRepository.class);
				ClusterSession session = repository.createSession().block(Duration.ofSeconds(5));
				assertThat(session.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(5));
				session.setAttribute("cart", 3);
				repository.save(session).block(Duration.ofSeconds(5));
				assertThat(repository.findById(session.getId()).block(Duration.ofSeconds(5)).<Integer>getAttribute("cart"))
					.isEqualTo(3);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRepositoryConfiguration {

		@Bean
		MapSessionRepository ownSessionRepository() {
			return new MapSessionRepository(new ConcurrentHashMap<>());
		}

	}

}
