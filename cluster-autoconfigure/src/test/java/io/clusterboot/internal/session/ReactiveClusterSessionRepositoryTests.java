package io.clusterboot.internal.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.WebSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReactiveClusterSessionRepository}: {@code WebSession} through Spring
 * Session's store on two workers sharing the master's store.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ReactiveClusterSessionRepositoryTests {

	private static final Duration BLOCK = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private RunningSessionStore master;

	private SpringSessionWebSessionStore<ClusterSession> first;

	private SpringSessionWebSessionStore<ClusterSession> second;

	@BeforeEach
	void start() throws IOException {
		this.master = new RunningSessionStore(this.directory, 10_000);
		this.first = new SpringSessionWebSessionStore<>(repository());
		this.second = new SpringSessionWebSessionStore<>(repository());
	}

	@AfterEach
	void stop() throws IOException {
		this.master.close();
	}

	@Test
	void loginOnOneWorkerShouldBeKnownToTheOther() {
		WebSession created = this.first.createWebSession().block(BLOCK);
		created.getAttributes().put("csrf", "t1");
		created.save().block(BLOCK);
		String anonymous = created.getId();
		WebSession found = this.second.retrieveSession(anonymous).block(BLOCK);
		assertThat(found.<String>getAttribute("csrf")).isEqualTo("t1");
		found.changeSessionId().block(BLOCK);
		found.getAttributes().put("user", "alice");
		found.save().block(BLOCK);
		WebSession loggedIn = this.first.retrieveSession(found.getId()).block(BLOCK);
		assertThat(loggedIn.getAttributes()).containsEntry("user", "alice").containsEntry("csrf", "t1");
		assertThat(this.first.retrieveSession(anonymous).block(BLOCK)).isNull();
	}

	@Test
	void invalidatedSessionShouldBeGone() {
		WebSession created = this.first.createWebSession().block(BLOCK);
		created.getAttributes().put("user", "alice");
		created.save().block(BLOCK);
		this.second.retrieveSession(created.getId()).block(BLOCK).invalidate().block(BLOCK);
		assertThat(this.first.retrieveSession(created.getId()).block(BLOCK)).isNull();
	}

	@Test
	void sessionTooLargeShouldFailItsSave() {
		WebSession created = this.first.createWebSession().block(BLOCK);
		created.getAttributes().put("cart", new byte[20_000]);
		assertThatExceptionOfType(SessionStoreException.class).isThrownBy(() -> created.save().block(BLOCK))
			.withMessageContaining("(cluster.sessions.max-session-size)");
	}

	@Test
	void applicationShouldGoOnOffTheConnectionsThreads() {
		ReactiveClusterSessionRepository repository = repository();
		ClusterSession session = repository.createSession().block(BLOCK);
		String saving = repository.save(session).then(Mono.fromSupplier(this::thread)).block(BLOCK);
		String finding = repository.findById(session.getId()).map((found) -> thread()).block(BLOCK);
		String deleting = repository.deleteById(session.getId()).then(Mono.fromSupplier(this::thread)).block(BLOCK);
		assertThat(List.of(saving, finding, deleting)).noneMatch((name) -> name.startsWith("cluster-sessions"));
	}

	@Test
	void newSessionShouldTakeTheApplicationsTimeout() {
		assertThat(this.first.createWebSession().block(BLOCK).getMaxIdleTime()).isEqualTo(Duration.ofMinutes(15));
	}

	private String thread() {
		return Thread.currentThread().getName();
	}

	private ReactiveClusterSessionRepository repository() {
		return new ReactiveClusterSessionRepository(
				new ClusterSessions(this.master.client(), Duration.ofMinutes(15), getClass().getClassLoader()));
	}

}
