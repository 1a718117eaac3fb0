package io.clusterboot.internal.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterSessionRepository}: {@code HttpSession} through Spring
 * Session's filter on two workers sharing the master's store.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class ClusterSessionRepositoryTests {

	@TempDir
	Path directory;

	private RunningSessionStore master;

	private Filter first;

	private Filter second;

	@BeforeEach
	void start() throws IOException {
		this.master = new RunningSessionStore(this.directory, 10_000);
		this.first = worker();
		this.second = worker();
	}

	@AfterEach
	void stop() throws IOException {
		this.master.close();
	}

	@Test
	void loginOnOneWorkerShouldBeKnownToTheOther() throws Exception {
		Cookie anonymous = serve(this.first, null, (request) -> request.getSession().setAttribute("csrf", "t1"));
		Cookie login = serve(this.second, anonymous, (request) -> {
			assertThat(request.getSession().getAttribute("csrf")).isEqualTo("t1");
			request.changeSessionId();
			request.getSession().setAttribute("user", "alice");
		});
		assertThat(login.getValue()).isNotEqualTo(anonymous.getValue());
		serve(this.first, login, (request) -> {
			assertThat(request.getSession().getAttribute("user")).isEqualTo("alice");
			assertThat(request.getSession().getAttribute("csrf")).isEqualTo("t1");
		});
		serve(this.second, anonymous, (request) -> assertThat(request.getSession(false)).isNull());
	}

	@Test
	void invalidatedSessionShouldBeGoneOnEveryWorker() throws Exception {
		Cookie session = serve(this.first, null, (request) -> request.getSession().setAttribute("user", "alice"));
		serve(this.second, session, (request) -> request.getSession().invalidate());
		serve(this.first, session, (request) -> assertThat(request.getSession(false)).isNull());
	}

	@Test
	void concurrentRequestsOfOneSessionOnTwoWorkersShouldKeepBothChanges() throws Exception {
		Cookie session = serve(this.first, null, (request) -> request.getSession().setAttribute("user", "alice"));
		ClusterSessionRepository one = repository();
		ClusterSessionRepository two = repository();
		String id = sessionId(session);
		ClusterSession onFirst = one.findById(id);
		ClusterSession onSecond = two.findById(id);
		onFirst.setAttribute("cart", "3 items");
		onSecond.setAttribute("flash", "saved");
		onSecond.removeAttribute("user");
		one.save(onFirst);
		two.save(onSecond);
		assertThat(one.findById(id).getAttributeNames()).containsOnly("cart", "flash");
	}

	@Test
	void attributeThatCannotBeStoredShouldFailTheRequestThatSetsIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> serve(this.first, null,
					(request) -> request.getSession().setAttribute("cart", new ClusterSessionTests.Cart())))
			.withMessageContaining("Session attribute 'cart' of type");
	}

	@Test
	void sessionTooLargeShouldFailItsRequestsSave() {
		assertThatExceptionOfType(SessionStoreException.class)
			.isThrownBy(() -> serve(this.first, null,
					(request) -> request.getSession().setAttribute("cart", new byte[20_000])))
			.withMessageContaining("(cluster.sessions.max-session-size)");
	}

	@Test
	void newSessionShouldTakeTheApplicationsTimeout() throws Exception {
		Cookie session = serve(this.first, null, (request) -> request.getSession().setAttribute("user", "alice"));
		serve(this.second, session,
				(request) -> assertThat(request.getSession().getMaxInactiveInterval()).isEqualTo(15 * 60));
	}

	private ClusterSessionRepository repository() {
		return new ClusterSessionRepository(
				new ClusterSessions(this.master.client(), Duration.ofMinutes(15), getClass().getClassLoader()));
	}

	private Filter worker() {
		return new SessionRepositoryFilter<>(repository());
	}

	/**
	 * Serves one request with a cookie, returns the session cookie of the response, or
	 * the one sent if none.
	 */
	private static Cookie serve(Filter worker, Cookie cookie, Handler handler) throws IOException, ServletException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		if (cookie != null) {
			request.setCookies(cookie);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		FilterChain chain = (wrapped, ignored) -> handler.handle((HttpServletRequest) wrapped);
		worker.doFilter(request, response, chain);
		Cookie set = response.getCookie("SESSION");
		return (set != null) ? set : cookie;
	}

	private static String sessionId(Cookie cookie) {
		return new String(Base64.getDecoder().decode(cookie.getValue()));
	}

	interface Handler {

		void handle(HttpServletRequest request);

	}

}
