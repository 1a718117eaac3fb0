package io.clusterboot.internal.worker.jetty;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clusterboot.internal.worker.LongLivedExchanges;
import jakarta.servlet.ServletContext;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.server.ServerContainer;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketContainer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.context.ServletContextAware;

/**
 * The WebSocket sessions of a servlet application on Jetty, in Jetty's two WebSocket
 * containers: that of Jetty's own API, on which Spring's WebSocket support runs when it
 * is present, and the Jakarta one, of {@code @ServerEndpoint}s. They are ended the way
 * Jetty's graceful shutdown ends them: closed with 1001 "going away".
 *
 * @author ClusterBoot team
 */
public class JettyWebSocketSessions implements LongLivedExchanges, ServletContextAware {

	private static final Logger logger = LoggerFactory.getLogger(JettyWebSocketSessions.class);

	private static final String REASON = "Server going away";

	private final Set<Object> ended = ConcurrentHashMap.newKeySet();

	private volatile ServletContext servletContext;

	@Override
	public void setServletContext(ServletContext servletContext) {
		this.servletContext = servletContext;
	}

	@Override
	public int open() {
		return jettySessions().size() + jakartaSessions().size();
	}

	@Override
	public int endBegunBy(long nanoTime) {
		Collection<Session> jetty = jettySessions();
		Set<jakarta.websocket.Session> jakarta = jakartaSessions();
		Set<Object> open = new HashSet<>(jetty);
		open.addAll(jakarta);
		this.ended.retainAll(open);
		int count = 0;
		for (Session session : jetty) {
			if (this.ended.add(session)) {
				session.close(StatusCode.SHUTDOWN, REASON, Callback.NOOP);
				count++;
			}
		}
		for (jakarta.websocket.Session session : jakarta) {
			if (this.ended.add(session)) {
				try {
					session.close(new CloseReason(CloseCodes.GOING_AWAY, REASON));
					count++;
				}
				catch (IOException ex) {
					logger.debug("Could not close {}", session, ex);
				}
			}
		}
		return count;
	}

	private Collection<Session> jettySessions() {
		return (attribute(WebSocketContainer.class) instanceof WebSocketContainer container)
				? container.getOpenSessions() : List.of();
	}

	private Set<jakarta.websocket.Session> jakartaSessions() {
		return (attribute(ServerContainer.class) instanceof JakartaWebSocketContainer container)
				? container.getOpenSessions() : Set.of();
	}

	/**
	 * Returns the servlet context's attribute named after a class, where Jetty keeps its
	 * WebSocket containers.
	 */
	private Object attribute(Class<?> name) {
		ServletContext servletContext = this.servletContext;
		return (servletContext != null) ? servletContext.getAttribute(name.getName()) : null;
	}

	@Override
	public String kind() {
		return "WebSocket session";
	}

}
