package io.clusterboot.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.clusterboot.internal.ipc.MasterDirectories;
import io.clusterboot.internal.session.ClusterSessionRepository;
import io.clusterboot.internal.session.ClusterSessions;
import io.clusterboot.internal.session.ReactiveClusterSessionRepository;
import io.clusterboot.internal.session.SessionClient;
import io.clusterboot.internal.session.SessionServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;
import org.springframework.session.config.annotation.web.server.SpringWebSessionConfiguration;

/**
 * Auto-configuration of the sessions a worker keeps in its master: Spring Session's
 * repository over the master's session store, so that {@code HttpSession} and
 * {@code WebSession} (with Spring Security's context, the CSRF token, flash attributes)
 * are the same on every worker and outlive reloads, crashes and recycling. Active in
 * worker processes whose master keeps sessions ({@code cluster.sessions.enabled}, the
 * default), and only when the application has no Spring Session repository of its own:
 * Spring Boot's JDBC and Redis session stores come first.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
@AutoConfiguration(
		beforeName = { "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
				"org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration" },
		afterName = { "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
				"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration" })
@ConditionalOnClass(Session.class)
@ConditionalOnWebApplication
@ConditionalOnProperty(SessionServer.SOCKET_PROPERTY)
@ConditionalOnBooleanProperty(name = "cluster.sessions.enabled", matchIfMissing = true)
public final class ClusterSessionAutoConfiguration {

	/**
	 * Spring Boot's default session timeout.
	 */
	private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

	/**
	 * Returns the client of the master's session store, defined only beside a repository
	 * of ClusterBoot's: an application with a store of its own gets none.
	 */
	private static SessionClient sessionClient(Environment environment) throws IOException {
		Path socket = Path.of(environment.getRequiredProperty(SessionServer.SOCKET_PROPERTY));
		return new SessionClient(socket, MasterDirectories.readToken(socket), SessionClient.DEFAULT_TIMEOUT);
	}

	/**
	 * Returns how long a session lives without requests, by Spring Boot's rule:
	 * {@code spring.session.timeout}, else the web server's session timeout, else 30
	 * minutes; a number without a unit is in seconds.
	 */
	private static Duration sessionTimeout(Environment environment, String serverTimeout) {
		String timeout = environment.getProperty("spring.session.timeout", environment.getProperty(serverTimeout));
		return (timeout != null) ? DurationStyle.detectAndParse(timeout, ChronoUnit.SECONDS) : DEFAULT_TIMEOUT;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnMissingBean(SessionRepository.class)
	@Import(SpringHttpSessionConfiguration.class)
	static class ServletSessionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionClient clusterSessionClient(Environment environment) throws IOException {
			return sessionClient(environment);
		}

		@Bean
		ClusterSessionRepository clusterSessionRepository(SessionClient client, Environment environment,
				ResourceLoader resourceLoader) {
			return new ClusterSessionRepository(new ClusterSessions(client,
					sessionTimeout(environment, "server.servlet.session.timeout"), resourceLoader.getClassLoader()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnMissingBean(ReactiveSessionRepository.class)
	@Import(SpringWebSessionConfiguration.class)
	static class ReactiveSessionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SessionClient clusterSessionClient(Environment environment) throws IOException {
			return sessionClient(environment);
		}

		@Bean
		ReactiveClusterSessionRepository clusterReactiveSessionRepository(SessionClient client,
				Environment environment, ResourceLoader resourceLoader) {
			return new ReactiveClusterSessionRepository(new ClusterSessions(client,
					sessionTimeout(environment, "server.reactive.session.timeout"), resourceLoader.getClassLoader()));
		}

	}

}
